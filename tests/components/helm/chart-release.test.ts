import { expect } from "chai";
import { chartRelease } from "../../../components/helm/chart-release.js";
import { RELOADER_CHART } from "../../../domain/versions.js";

describe("chartRelease", () => {
    it("takes repository, chart, version and, by default, the release name from the pin", () => {
        expect(chartRelease(RELOADER_CHART, { namespace: "reloader" })).to.deep.equal({
            name: "reloader",
            chart: "reloader",
            version: "2.2.16",
            repositoryOpts: { repo: "https://stakater.github.io/stakater-charts" },
            namespace: "reloader",
        });
    });

    it("lets a release name and a version given by the component override the pin", () => {
        const args = chartRelease(RELOADER_CHART, { name: "other", version: "9.9.9", namespace: "x", skipAwait: false });
        expect(args).to.include({ name: "other", chart: "reloader", version: "9.9.9", skipAwait: false });
        expect(args.repositoryOpts).to.deep.equal({ repo: RELOADER_CHART.repo });
    });
});
