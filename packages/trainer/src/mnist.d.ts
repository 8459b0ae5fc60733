// The `mnist` package ships no types; trainwatch reads only each digit's raw pixels and count.
declare module "mnist" {
  const digits: { readonly raw: readonly number[]; readonly length: number }[];
  export default digits;
}
