export { BlockedUrlError, FetchFailedError, ResponseTooLargeError } from './http.errors';
export { CidrList, parseCidr } from './cidr-matcher';
export { classifyAddress } from './ip-policy';
export type { BlockCategory, BlockVerdict } from './ip-policy';
export { checkUrl } from './url-guard';
export type { CheckedTarget, LookupFn } from './url-guard';
export { safeRequest } from './safe-request';
export type { SafeRequestOptions, SafeResponse } from './safe-request';
// SafeHttpClient (the Nest wrapper) lives in ./safe-http.client so this barrel stays framework-free.
