import { describe, expect, it } from 'vitest';
import { attachmentSize } from './attachment-size';

describe('attachmentSize', () => {
  it('says B, KB and MB, never "0.0 MB" for a small file', () => {
    expect(attachmentSize(366)).toEqual({ unit: 'bytes', size: 366 });
    expect(attachmentSize(0)).toEqual({ unit: 'bytes', size: 0 });
    expect(attachmentSize(1434)).toEqual({ unit: 'kilobytes', size: 1.4 });
    expect(attachmentSize(40_000)).toEqual({ unit: 'kilobytes', size: 39 });
    expect(attachmentSize(3.5 * 1024 * 1024)).toEqual({ unit: 'megabytes', size: 3.5 });
    expect(attachmentSize(24 * 1024 * 1024)).toEqual({ unit: 'megabytes', size: 24 });
    expect(attachmentSize(Number.NaN)).toEqual({ unit: 'bytes', size: 0 });
  });
});
