// The Pulumi CLI starts a Node.js policy pack through @pulumi/pulumi's run-policy-pack, which
// require()s the package's main file with ts-node set up for CommonJS, and passes PulumiPolicy.yaml
// runtime options (nodeargs) to that script rather than to node. This pack is an ES module written
// in TypeScript, so this CommonJS entry loads tsx (as `node --import tsx` would) and then the
// pack; the CLI awaits the exported promise.
module.exports = import("tsx").then(() => import("./index.ts"));
