/** Stack names as Pulumi accepts them (letters, digits, `.`, `_`, `-`; up to 100). */
export const stackNamePattern = "[A-Za-z0-9][A-Za-z0-9._-]{0,99}";
