/** Input the console cannot act on: answered with a 400 page that says which field and why. */
export class BadInput extends Error {
  override readonly name = 'BadInput';
}
