import { Injectable } from '@nestjs/common';
import { SafeRequestOptions, SafeResponse, safeRequest } from './safe-request';

/** Thin injectable over safeRequest so services can be given a fake in tests. */
@Injectable()
export class SafeHttpClient {
  request(url: string, opts: SafeRequestOptions): Promise<SafeResponse> {
    return safeRequest(url, opts);
  }
}
