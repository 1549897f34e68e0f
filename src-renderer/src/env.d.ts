/// <reference types="vite/client" />

// Globals of the renderer: what the Electron preload exposes (absent in browser mode).
interface Window {
  api?: import('../../src-main/ipc/contract').Api;
}

declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<object, object, unknown>;
  export default component;
}
