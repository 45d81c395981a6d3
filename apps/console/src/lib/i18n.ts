import { createI18n } from 'vue-i18n';

// Chinese first (the users are clerks at Chinese departments); English for visitors and reviewers.
const zh = {
  app: { title: '线索移交总线', lang: 'English', signOut: '退出', signedInAs: '当前密钥' },
  nav: { inbox: '收件箱/台账', board: '牵头单位看板', clue: '线索/案件详情', blacklist: '黑名单查询', audit: '审计核验' },
  signIn: { title: '登录', apiKey: 'API 密钥', actor: '经办人', submit: '登录', hint: '演示密钥见 npm start 的输出，例如 dev-nhsa、dev-nhc、dev-investigator、dev-auditor。密钥仅保存在本浏览器会话中。' },
  inbox: {
    title: '收件箱', ledger: '台账', status: '状态', category: '类别', overdueOnly: '仅看逾期', refresh: '刷新', all: '全部',
    from: '移交单位', clue: '线索', basis: '移交依据', ackBy: '签收期限', feedbackBy: '反馈期限', actions: '操作',
    acknowledge: '签收', reject: '退回', answer: '反馈', reason: '退回理由', summary: '反馈内容', confirm: '确定', cancel: '取消',
    daysLeft: '剩余 {n} 个工作日', daysOver: '逾期 {n} 个工作日', overdue: '逾期', supervised: '督办', exportCsv: '导出 CSV', exportXlsx: '导出 XLSX',
    empty: '暂无移交', done: '已提交', notices: '通知', recipient: '接收单位', sender: '移交单位', transferredAt: '移交时间', open: '详情',
  },
  status: { pending: '待签收', acknowledged: '已签收', rejected: '已退回', answered: '已反馈' },
  board: {
    title: '牵头单位看板', byStatus: '各单位移交状态', overdueList: '逾期清单', supervise: '督办', note: '督办要求', dueBy: '办结时限',
    stats: '季度统计', overdueRate: '逾期率', medianDays: '反馈中位工作日', month: '月份', department: '单位', issued: '已督办',
  },
  clue: { title: '线索详情', clueId: '线索编号', caseId: '案件编号', load: '查询', asOf: '时间点', now: '当前', timeline: '跨部门时间线', actor: '经办人', legalBasis: '法律依据', event: '事件', proof: '核验此事件', tracks: '调查分工', pairs: '行贿受贿一起查' },
  blacklist: { title: '黑名单查询', uscc: '统一社会信用代码', idNumber: '身份证号', name: '名称', search: '查询', by: '列入单位', measure: '惩戒措施', validity: '有效期', provenance: '来源', changesSince: '变更自', changes: '变更记录', none: '未列入黑名单', until: '至', open: '长期' },
  audit: {
    title: '审计核验', latest: '最新签名检查点', treeSize: '事件数', root: '根哈希', issuedAt: '签发时间', keyId: '密钥标识', status: '核验状态',
    pinnedKey: '固定公钥（带外获取，PEM）', eventId: '事件编号', check: '在浏览器中核验', tamper: '篡改证明后核验（演示）', verified: '核验通过：事件包含在已签名检查点中', failed: '核验失败', verifyLog: '服务端全量核验',
  },
  error: { title: '请求失败' },
};

const en: typeof zh = {
  app: { title: 'Clue bus', lang: '中文', signOut: 'Sign out', signedInAs: 'Key' },
  nav: { inbox: 'Inbox / ledger', board: 'Lead unit board', clue: 'Clue / case detail', blacklist: 'Blacklist search', audit: 'Audit' },
  signIn: { title: 'Sign in', apiKey: 'API key', actor: 'Clerk', submit: 'Sign in', hint: 'Demo keys are printed by npm start, e.g. dev-nhsa, dev-nhc, dev-investigator, dev-auditor. The key is kept for this browser session only.' },
  inbox: {
    title: 'Inbox', ledger: 'Ledger', status: 'Status', category: 'Category', overdueOnly: 'Overdue only', refresh: 'Refresh', all: 'All',
    from: 'From', clue: 'Clue', basis: 'Basis', ackBy: 'Acknowledge by', feedbackBy: 'Feedback by', actions: 'Actions',
    acknowledge: 'Acknowledge', reject: 'Reject', answer: 'Answer', reason: 'Reason', summary: 'Feedback', confirm: 'OK', cancel: 'Cancel',
    daysLeft: '{n} working days left', daysOver: '{n} working days overdue', overdue: 'Overdue', supervised: 'Supervised', exportCsv: 'Export CSV', exportXlsx: 'Export XLSX',
    empty: 'No transfers', done: 'Done', notices: 'Notices', recipient: 'Recipient', sender: 'Sender', transferredAt: 'Transferred', open: 'Open',
  },
  status: { pending: 'Pending', acknowledged: 'Acknowledged', rejected: 'Rejected', answered: 'Answered' },
  board: {
    title: 'Lead unit board', byStatus: 'Transfers by department and status', overdueList: 'Overdue', supervise: 'Supervise', note: 'Note', dueBy: 'Due by',
    stats: 'Quarter statistics', overdueRate: 'Overdue rate', medianDays: 'Median working days to feedback', month: 'Month', department: 'Department', issued: 'Supervision issued',
  },
  clue: { title: 'Clue detail', clueId: 'Clue id', caseId: 'Case id', load: 'Load', asOf: 'As of', now: 'Now', timeline: 'Timeline across departments', actor: 'Actor', legalBasis: 'Legal basis', event: 'Event', proof: 'Check this event', tracks: 'Tracks', pairs: 'Bribery pairs' },
  blacklist: { title: 'Blacklist search', uscc: 'USCC', idNumber: 'ID number', name: 'Name', search: 'Search', by: 'Listed by', measure: 'Measure', validity: 'Valid', provenance: 'Provenance', changesSince: 'Changes since', changes: 'Changes', none: 'Not listed', until: 'to', open: 'open-ended' },
  audit: {
    title: 'Audit', latest: 'Newest signed checkpoint', treeSize: 'Events', root: 'Root hash', issuedAt: 'Issued at', keyId: 'Key id', status: 'Status',
    pinnedKey: 'Pinned public key (obtained out of band, PEM)', eventId: 'Event id', check: 'Check in the browser', tamper: 'Check a tampered proof (demo)', verified: 'Verified: the event is in the signed checkpoint', failed: 'Verification failed', verifyLog: 'Server-side full verification',
  },
  error: { title: 'Request failed' },
};

export const i18n = createI18n({ legacy: false, locale: 'zh-CN', fallbackLocale: 'zh-CN', messages: { 'zh-CN': zh, en } });
