// The physical limit: JSON.parse alone, with no checks and no result object of its own. It
// accepts every bad body; it is here only as the ceiling.
export const name = "JSON.parse alone (no checks; the limit)";
export const unchecked = true;

export function parse(body) {
  const o = JSON.parse(body);
  o.video_url = o.video_Url; // the one rename, so that the same fields are read
  return o;
}
