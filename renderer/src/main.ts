/** Renderer entry: bridge first (it takes the session token out of the address), then the app. */
import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { createBridge, setBridge } from './bridge';
import { createAppI18n, pickLocale, rememberLocale, savedLocale } from './i18n';
import { createAppRouter } from './router';
import './styles/base.css';
import './styles/flows.css';

setBridge(createBridge());

const locale = pickLocale(savedLocale(), navigator.languages ?? [navigator.language]);
document.documentElement.lang = locale;
const i18n = createAppI18n(locale);
rememberLocale(locale);

createApp(App).use(createPinia()).use(i18n).use(createAppRouter()).mount('#app');
