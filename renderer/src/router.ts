/**
 * Hash history: the renderer is served from `app://` in Electron, from `file://` in some builds
 * and from the host over HTTP, and only the hash survives all three without server routes.
 */
import { createRouter, createWebHashHistory } from 'vue-router';
import DevicesView from './views/DevicesView.vue';
import ActivateView from './views/ActivateView.vue';
import DoctorView from './views/DoctorView.vue';
import RecoverView from './views/RecoverView.vue';
import RecoverySetupView from './views/RecoverySetupView.vue';

export function createAppRouter() {
  return createRouter({
    history: createWebHashHistory(),
    routes: [
      { path: '/', redirect: '/devices' },
      // Flow screens keep their flow id in the query too, so a reload returns to the same flow.
      { path: '/activate', name: 'activate', component: ActivateView },
      { path: '/devices/:id/recovery-setup', name: 'recovery-setup', component: RecoverySetupView },
      { path: '/devices/:id/recover', name: 'recover', component: RecoverView },
      // The selected device is in the address, so a reload keeps the details panel open.
      { path: '/devices/:id?', name: 'devices', component: DevicesView },
      { path: '/doctor', name: 'doctor', component: DoctorView },
      { path: '/:pathMatch(.*)*', redirect: '/devices' },
    ],
  });
}
