/**
 * The one order generated output is sorted in: UTF-16 code units, as `Array.prototype.sort()`
 * without a comparator sorts strings. Never `localeCompare`: it follows the machine's locale
 * (LANG / LC_ALL), so `GetFile_v2` before `GetFileV2` under one and `GetFileAa` last under
 * Danish, and `generate --check` would report files stale on another machine.
 */
export function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
