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
  return withPointer(parent, pointer);
}

// The importers make a location for every object and rule of an input. The single-step forms below add one
// shared segment string (`/3`, `/IpRanges/0`) to the parent's pointer instead of building the segment anew
// each time: fewer strings to allocate, and fewer for the garbage collector to copy.

/** childLocation(parent, segment). */
export function childAt(parent: SourceLocation, segment: string | number): SourceLocation {
  return withPointer(parent, parent.pointer + (typeof segment === 'number' ? indexSegment(segment) : keySegment(segment)));
}

/** childLocation(parent, key, index): item `index` of the list `key`. */
export function itemAt(parent: SourceLocation, key: string, index: number): SourceLocation {
  return withPointer(parent, parent.pointer + itemSegment(key, index));
}

function withPointer(parent: SourceLocation, pointer: string): SourceLocation {
  return parent.address === undefined ? { file: parent.file, pointer } : { file: parent.file, pointer, address: parent.address };
}

/** Segments of indexes below this are kept; beyond, they are built each time (few lists are longer). */
const SHARED_INDEXES = 4096;
/** Keys whose segments are kept: the API's field names (a bound against keys that are data, such as ids). */
const SHARED_KEYS = 1024;
const indexSegments: string[] = [];
const keySegments = new Map<string, string>();
const itemSegments = new Map<string, string[]>();

function indexSegment(index: number): string {
  if (index >= SHARED_INDEXES) return '/' + index;
  return (indexSegments[index] ??= '/' + index);
}

function keySegment(key: string): string {
  let segment = keySegments.get(key);
  if (segment === undefined) {
    segment = '/' + escapePointerSegment(key);
    if (keySegments.size < SHARED_KEYS) keySegments.set(key, segment);
  }
  return segment;
}

function itemSegment(key: string, index: number): string {
  if (index >= SHARED_INDEXES) return keySegment(key) + '/' + index;
  let segments = itemSegments.get(key);
  if (segments === undefined) {
    segments = [];
    if (itemSegments.size < SHARED_KEYS) itemSegments.set(key, segments);
  }
  return (segments[index] ??= keySegment(key) + '/' + index);
}

/** RFC 6901: `~` is `~0`, `/` is `~1` (most keys have neither, and are returned as they are). */
export function escapePointerSegment(segment: string): string {
  return segment.includes('~') || segment.includes('/') ? segment.replace(/~/g, '~0').replace(/\//g, '~1') : segment;
}
