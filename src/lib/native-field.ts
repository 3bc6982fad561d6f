/**
 * Attributes for the native <input>/<textarea> that Taro's H5 Input/Textarea render inside their custom element:
 * the accessible name (the visible label's words) and the test id land on the element people and tests type into.
 * Undefined in weapp, where Taro has no such inner element.
 */
export function nativeField(testId: string, label: string): Record<string, unknown> | undefined {
  return process.env.TARO_ENV === 'h5' ? { 'data-testid': testId, 'aria-label': label } : undefined;
}
