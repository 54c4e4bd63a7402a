// The generator's version, printed in every generated file's header so a
// reviewer can tell which generator wrote it (bump when the output changes).
/** Version stamped into generated files. */
export const GENERATOR_VERSION = "0.1.0";
