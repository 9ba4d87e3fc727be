import { expect } from "chai";
import { unknownKeyReason } from "../../../tools/charts/render.js";

/** Chart defaults shaped like stakater/Reloader's values.yaml at chart-v2.2.16. */
const DEFAULTS = {
    reloader: {
        readOnlyRootFileSystem: false,
        deployment: { replicas: 1, containerSecurityContext: {}, securityContext: { runAsNonRoot: true }, nodeSelector: null },
    },
};
const MISSPELT = "the chart's values have no such key";

describe("charts: why a dead value the chart's values do not name", () => {
    it("under a passed-through map whose other keys reach the render, it is overridden, not misspelt", () => {
        const leaf = ["reloader", "deployment", "containerSecurityContext", "readOnlyRootFilesystem"];
        const used = [["reloader", "deployment", "containerSecurityContext", "allowPrivilegeEscalation"]];
        expect(unknownKeyReason(DEFAULTS, leaf, used)).to.equal(
            "the chart's values have no such key, but the other keys set under reloader.deployment.containerSecurityContext reach the render: another value or the template overrides this one",
        );
    });

    it("nested deeper under the passed-through map, and under a null default, the same", () => {
        const used = [["reloader", "deployment", "containerSecurityContext", "capabilities", "drop"]];
        expect(unknownKeyReason(DEFAULTS, ["reloader", "deployment", "containerSecurityContext", "seccompProfile", "type"], used)).to.include("overrides this one");
        expect(unknownKeyReason(DEFAULTS, ["reloader", "deployment", "nodeSelector", "b"], [["reloader", "deployment", "nodeSelector", "a"]])).to.include("overrides this one");
    });

    it("under a map the chart enumerates, it is misspelt, however many siblings reach the render", () => {
        const used = [["reloader", "deployment", "replicas"], ["reloader", "readOnlyRootFileSystem"]];
        expect(unknownKeyReason(DEFAULTS, ["reloader", "deployment", "replicaz"], used)).to.equal(MISSPELT);
        expect(unknownKeyReason(DEFAULTS, ["reloader", "readOnlyRootFilesystem"], used)).to.equal(MISSPELT);
        expect(unknownKeyReason(DEFAULTS, ["reloader", "deployment", "securityContext", "runAsUsr"], [["reloader", "deployment", "securityContext", "runAsNonRoot"]])).to.equal(MISSPELT);
    });

    it("under a passed-through map where nothing else reaches the render, or a top-level key, it cannot tell: misspelt", () => {
        expect(unknownKeyReason(DEFAULTS, ["reloader", "deployment", "containerSecurityContext", "readOnlyRootFilesystem"], [])).to.equal(MISSPELT);
        expect(unknownKeyReason(DEFAULTS, ["replicaCount"], [["reloader", "deployment", "replicas"]])).to.equal(MISSPELT);
    });
});
