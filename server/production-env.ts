// Imported first by the entry point: React and Next choose their production builds from
// NODE_ENV when first loaded, so it must be set before anything loads them, as `next start`
// does. (Object.assign: Next's types declare NODE_ENV read-only.)
Object.assign(process.env, { NODE_ENV: "production" });
