/**
 * Readers for the loosely typed parts of the API (`data` of events, a step's `detail`):
 * the schema says only "an object", so each field is checked before it is shown.
 */
export type Facts = Record<string, unknown>;

export const text = (facts: Facts | undefined, key: string): string | undefined => {
  const value = facts?.[key];
  return typeof value === "string" ? value : undefined;
};

export const num = (facts: Facts | undefined, key: string): number | undefined => {
  const value = facts?.[key];
  return typeof value === "number" ? value : undefined;
};

export const bool = (facts: Facts | undefined, key: string): boolean | undefined => {
  const value = facts?.[key];
  return typeof value === "boolean" ? value : undefined;
};

export const isFacts = (value: unknown): value is Facts =>
  typeof value === "object" && value !== null && !Array.isArray(value);

export const list = (facts: Facts | undefined, key: string): Facts[] => {
  const value = facts?.[key];
  return Array.isArray(value) ? value.filter(isFacts) : [];
};

export const facts = (value: Facts | undefined, key: string): Facts | undefined => {
  const inner = value?.[key];
  return isFacts(inner) ? inner : undefined;
};
