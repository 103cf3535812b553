/** Where a model object came from, so every finding and hop can point at the exact input. */
export interface SourceLocation {
  /** Path of the input file as the user named it (or a pseudo-path such as `live:eu-west-1`). */
  readonly file: string;
  /** RFC 6901 JSON pointer into that file (`/NetworkAcls/0/Entries/3`). */
  readonly pointer: string;
  /** 1-based line; filled in at the edge, only for locations that are reported. */
  line?: number;
  /** Terraform address or CloudFormation logical id, when the source has one. */
  readonly address?: string;
}

export function childLocation(parent: SourceLocation, ...segments: (string | number)[]): SourceLocation {
  let pointer = parent.pointer;
  for (const s of segments) pointer += '/' + (typeof s === 'number' ? String(s) : escapePointerSegment(s));
  return parent.address === undefined ? { file: parent.file, pointer } : { file: parent.file, pointer, address: parent.address };
}

/** RFC 6901: `~` is `~0`, `/` is `~1` (most keys have neither, and are returned as they are). */
export function escapePointerSegment(segment: string): string {
  return segment.includes('~') || segment.includes('/') ? segment.replace(/~/g, '~0').replace(/\//g, '~1') : segment;
}
