import './lib/buffer-shim';
import ElementPlus from 'element-plus';
import 'element-plus/dist/index.css';
import { createApp } from 'vue';
import App from './App.vue';
import { i18n } from './lib/i18n';
import './console.css';

createApp(App).use(ElementPlus).use(i18n).mount('#app');
