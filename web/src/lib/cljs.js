// Reading MIG's Collection+JSON answers:
//   {"collection":{"version","href","items":[{"href","data":[{"name","value"}]}],
//                  "error":{"code","message"}}}

// The collection object, whether given the whole document or its inside.
function inside(doc) {
  if (doc && typeof doc === "object" && doc.collection && typeof doc.collection === "object") {
    return doc.collection;
  }
  return doc && typeof doc === "object" ? doc : {};
}

// One plain object per item: data name -> value (items without data give {}).
export function items(collection) {
  const c = inside(collection);
  if (!Array.isArray(c.items)) return [];
  return c.items.map((item) => {
    const out = Object.create(null);
    if (item && Array.isArray(item.data)) {
      for (const d of item.data) {
        if (d && typeof d.name === "string") out[d.name] = d.value;
      }
    }
    return out;
  });
}

// The error message the API put in the collection, or "" when none.
export function errorMessage(json) {
  const c = inside(json);
  const e = c.error;
  if (e && typeof e === "object" && typeof e.message === "string") return e.message;
  return "";
}
