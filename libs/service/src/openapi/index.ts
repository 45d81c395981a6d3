// The contract's building blocks, a narrow entry for apps that are not department services (the ledger app).
export { ApiCommand, ApiRead, PROBLEM_JSON } from './api-operation.decorator';
export { buildOpenApiDocument, cluebusDocument, type DocumentInfo } from './cluebus-document';
export { CLUE_NOT_FOUND, ERRORS_OF_A_BODY, ERRORS_OF_A_COMMAND, ERRORS_OF_A_KEY, ERRORS_OF_A_LOGGED_READ, type ErrorCodes, mergeErrors } from './error-codes';
