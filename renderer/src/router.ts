/**
 * Hash history: the renderer is served from `app://` in Electron, from `file://` in some builds
 * and from the host over HTTP, and only the hash survives all three without server routes.
 */
import { createRouter, createWebHashHistory } from 'vue-router';
import DevicesView from './views/DevicesView.vue';
import DoctorView from './views/DoctorView.vue';

export function createAppRouter() {
  return createRouter({
    history: createWebHashHistory(),
    routes: [
      { path: '/', redirect: '/devices' },
      // The selected device is in the address, so a reload keeps the details panel open.
      { path: '/devices/:id?', name: 'devices', component: DevicesView },
      { path: '/doctor', name: 'doctor', component: DoctorView },
      { path: '/:pathMatch(.*)*', redirect: '/devices' },
    ],
  });
}
