// For plain `tsc -b` (the root typecheck), which cannot read SFCs; vue-tsc resolves the real types.
declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<object, object, unknown>;
  export default component;
}
