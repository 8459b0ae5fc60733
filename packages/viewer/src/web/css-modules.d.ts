/** Stylesheets are bundled for the page (esbuild), not loaded by Node: a side-effect import only. */
declare module "*.css";
