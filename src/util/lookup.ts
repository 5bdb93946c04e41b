// Names typed by users (a model, a rule, a preset, a --set path) are looked up only among an object's own
// keys: "constructor", "__proto__" or "toString" must be unknown names, not Object.prototype's members.

/** The entry of `record` named `name`, if the record itself has it. */
export function own<V>(record: Readonly<Record<string, V>>, name: string): V | undefined {
  return Object.prototype.hasOwnProperty.call(record, name) ? record[name] : undefined;
}

/** Whether `name` is one of the record's own keys. */
export function hasOwn(record: object, name: PropertyKey): boolean {
  return Object.prototype.hasOwnProperty.call(record, name);
}
