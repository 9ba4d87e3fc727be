import * as fs from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as path from "node:path";
import { expect } from "chai";
import { archiveName, DEFAULT_TOOLS_DIR, readLock, sha256File, writeLock } from "../../../tools/charts/cache.js";
import { runChartsCli, runChartsPullCli, type CliResult } from "../../../tools/charts/cli.js";
import { helmFromLayer, type Helm } from "../../../tools/charts/helm.js";
import { APP_CHART, buildFixture, recorded, scenario, WIDGETS_CHART, type Fixture } from "./fixture.js";

describe("npm run charts (the real helm on charts the tests write)", function () {
    this.timeout(120_000);
    let helm: Helm;
    let fixture: Fixture;
    let clean: CliResult;
    let broken: CliResult;

    const charts = (resources: ReturnType<typeof scenario>) =>
        runChartsCli(["--stack", "test"], { cacheDir: fixture.cacheDir, lockFile: fixture.lockFile, toolsDir: DEFAULT_TOOLS_DIR, resources: async () => resources });

    before(async () => {
        helm = await helmFromLayer(DEFAULT_TOOLS_DIR);
        fixture = await buildFixture(helm);
        fixture.writeGoodLock();
        const lock = readLock(fixture.lockFile);
        writeLock(fixture.lockFile, { charts: lock.charts.filter((e) => e.chart === APP_CHART.chart) });
        clean = await charts(scenario());
        fixture.writeGoodLock();
        broken = await charts(
            scenario({
                appValues: {
                    replicas: 2,
                    image: "nginx:1.27.3",
                    typo: true,
                    serviceSelector: "other",
                    serviceAccount: { create: false, name: "runner" },
                    replicaCount: 3,
                    widget: { size: 20 },
                    readOnly: true,
                    securityContext: { runAsNonRoot: true, readOnlyRootFilesystem: true },
                    mode: "a",
                },
                podIdentityServiceAccount: "wrong",
                programWidgetSpec: { size: 4, ttl: "30s", colour: "red" },
                appWaitsForNamespace: false,
                widgetWaitsForCrd: false,
                extra: [recorded("kubernetes:core/v1:Service", "app-service", { apiVersion: "v1", kind: "Service", metadata: { name: "app", namespace: "app" }, spec: { selector: { app: "app" }, ports: [{ port: 80 }] } })],
            }),
        );
    });

    after(() => fs.rmSync(fixture.dir, { recursive: true, force: true }));

    it("the extracted helm is v4 from the layer package", async () => {
        expect((await helm.run(["version", "--short"])).stdout).to.match(/^v4\.\d+\.\d+/);
    });

    it("a clean stack passes: one line per release, then a summary, exit 0", () => {
        expect(clean.stderr).to.equal("");
        expect(clean.exitCode, clean.stdout).to.equal(0);
        const lines = clean.stdout.split("\n");
        expect(lines.filter((l) => /^ok {3}kube-system\/widgets /.test(l))).to.have.length(1);
        expect(lines.filter((l) => /^ok {3}app\/app /.test(l))).to.have.length(1);
        expect(clean.stdout).to.match(/^test: 2 releases rendered \(5 objects\), 2 program objects; 0 finding\(s\), 1 note\(s\) in [\d.]+s: passed$/m);
    });

    it("renders the CRD-using template because the release's dependency serves the CRD (--api-versions)", () => {
        // ServiceAccount, Deployment, Service and the Widget that only renders when example.com/v1/Widget is served.
        expect(clean.stdout).to.match(/^ok {3}app\/app +app 1\.0\.0 +4 objects$/m);
        expect(clean.stdout).to.match(/^ok {3}kube-system\/widgets +widgets 0\.3\.0 +1 objects, 1 CRDs$/m);
    });

    it("renders with the cluster's --kube-version: a chart that needs it fails on an older cluster", async () => {
        const result = await charts(scenario({ kubernetesVersion: "1.35" }));
        expect(result.exitCode).to.equal(1);
        expect(result.stdout).to.match(/^FAIL app\/app .*\n {7}- helm template failed: .*app needs Kubernetes 1\.36/m);
    });

    it("honours skipCrds: without the CRDs nothing serves the custom resources", async () => {
        const result = await charts(scenario({ widgetsSkipCrds: true }));
        expect(result.exitCode).to.equal(1);
        expect(result.stdout).to.match(/^ok {3}kube-system\/widgets +widgets 0\.3\.0 +0 objects$/m);
        // The Widget template is skipped when its API is not served, so its value now changes nothing.
        expect(result.stdout).to.match(/^FAIL app\/app +app 1\.0\.0 +3 objects, 1 finding\(s\)\n {7}- value widget\.size=3 changes nothing in the render$/m);
        expect(result.stdout).to.include("- Widget app/extra (app-widget): no built-in API and no CRD of the releases serves example.com/v1 Widget");
    });

    it("says when an archive has no lock entry, without failing", () => {
        expect(clean.stdout).to.include(`note: oci://registry.example.test/charts/widgets@0.3.0: no entry in charts.lock.json, digest sha256:`);
    });

    it("a defect exits 1", () => {
        expect(broken.exitCode).to.equal(1);
        expect(broken.stdout).to.match(/: FAILED\n$/);
    });

    it("catches an unknown field of a built-in kind in the render", () => {
        expect(broken.stdout).to.include("- Deployment app: /spec/replica: unknown field");
    });

    it("evaluates the CRD's CEL rules on a rendered custom resource", () => {
        expect(broken.stdout).to.include("- Widget app: /spec: size must be at most 10");
    });

    it("checks the program's own custom resources: unknown fields, CEL on durations, waiting for the CRD", () => {
        expect(broken.stdout).to.include("- Widget app/extra (app-widget): /spec/colour: unknown field");
        expect(broken.stdout).to.include("- Widget app/extra (app-widget): /spec/ttl: ttl must be at least a minute");
        expect(broken.stdout).to.include("- Widget app/extra (app-widget): does not wait for release widgets, which installs its CRD");
        expect(clean.stdout).to.not.include("app-widget");
    });

    it("reports a Pod Identity association whose ServiceAccount no workload uses", () => {
        expect(broken.stdout).to.include("- Pod Identity association app-pod-identity: no workload runs as ServiceAccount app/wrong (workloads in app run as: runner)");
    });

    it("reports a Service selector that matches no pod and a ServiceAccount nothing creates", () => {
        expect(broken.stdout).to.include(`- Service app/app (release app): selector {"app":"other"} matches no pod`);
        expect(broken.stdout).to.include("- Deployment app/app (release app): runs as ServiceAccount runner, which nothing creates in app");
    });

    it("reports a release writing into a namespace nothing creates before it", () => {
        expect(broken.stdout).to.include("- release app writes into namespace app, which nothing creates before it");
    });

    it("reports an object written by two owners", () => {
        expect(broken.stdout).to.include("- Service app/app is written by program app-service and release app");
    });

    it("reports a value that changes nothing, and notes one restating the chart default", () => {
        expect(broken.stdout).to.include(`- value replicaCount=3 changes nothing in the render (the chart's values have no such key)`);
        expect(broken.stdout).to.include(`note: value image="nginx:1.27.3" restates the chart's default`);
        expect(broken.stdout).to.not.match(/value (replicas|typo|widget\.size)/);
    });

    it("does not call a value a restated default when the chart rejects every other value", () => {
        expect(broken.stdout).to.match(
            /note: value mode="a" renders as the chart's default, and a different value fails the render \(.*mode must be a or b.*\): whether the chart reads it is not checked/,
        );
        expect(broken.stdout).to.not.include(`value mode="a" restates`);
    });

    it("tells a value overridden inside a passed-through map from a misspelt one", () => {
        expect(broken.stdout).to.include(
            "- value securityContext.readOnlyRootFilesystem=true changes nothing in the render (the chart's values have no such key, but the other keys set under securityContext reach the render: another value or the template overrides this one)",
        );
        expect(broken.stdout).to.not.match(/value (readOnly|securityContext\.runAsNonRoot)=/);
    });

    it("a digest that differs from the lock file stops the render (exit 2)", async () => {
        const lock = readLock(fixture.lockFile);
        writeLock(fixture.lockFile, { charts: lock.charts.map((e) => (e.chart === APP_CHART.chart ? { ...e, digest: `sha256:${"0".repeat(64)}` } : e)) });
        try {
            const result = await charts(scenario());
            expect(result.exitCode).to.equal(2);
            expect(result.stderr).to.equal(`charts: app-1.0.0.tgz has digest ${sha256File(path.join(fixture.cacheDir, "app-1.0.0.tgz"))}, charts.lock.json pins sha256:${"0".repeat(64)} (run npm run charts:pull)\n`);
        } finally {
            fixture.writeGoodLock();
        }
    });

    it("no charts pulled: one line, exit 2", async () => {
        const result = await runChartsCli(["--stack", "test"], { cacheDir: path.join(fixture.dir, "empty"), lockFile: fixture.lockFile, toolsDir: DEFAULT_TOOLS_DIR, resources: async () => scenario() });
        expect(result.exitCode).to.equal(2);
        expect(result.stderr).to.equal("charts: widgets-0.3.0.tgz is not pulled; app-1.0.0.tgz is not pulled (run npm run charts:pull)\n");
    });

    it("bad usage exits 2", async () => {
        const result = await runChartsCli([]);
        expect(result.exitCode).to.equal(2);
        expect(result.stderr).to.include("usage: npm run charts -- --stack <dev|prod>");
    });

    it("--set replaces stack config keys for the run, as npm run plan and npm run policy do", async () => {
        let seen: Record<string, unknown> | undefined;
        const env = { cacheDir: fixture.cacheDir, lockFile: fixture.lockFile, toolsDir: DEFAULT_TOOLS_DIR };
        const result = await runChartsCli(["--stack", "test", "--set", 'karpenter={"gpu":{"enabled":true}}', "--set", "name=x"], {
            ...env,
            resources: async (_stack, overrides) => {
                seen = overrides;
                return scenario();
            },
        });
        expect(result.exitCode).to.equal(0);
        expect(seen).to.deep.equal({ karpenter: { gpu: { enabled: true } }, name: "x" });
        const bad = await runChartsCli(["--stack", "test", "--set", "karpenter"], { ...env, resources: async () => scenario() });
        expect(bad.exitCode).to.equal(2);
        expect(bad.stderr).to.include("--set karpenter: write it as <config key>=<value>");
    });

    describe("npm run charts:pull", () => {
        let server: http.Server;
        let repo: string;
        let repoDir: string;

        before(async () => {
            // A chart repository on localhost: index.yaml and the archive, as `helm repo index` writes them.
            repoDir = path.join(fixture.dir, "repo");
            fs.mkdirSync(repoDir);
            fs.copyFileSync(path.join(fixture.cacheDir, archiveName(APP_CHART)), path.join(repoDir, archiveName(APP_CHART)));
            server = http.createServer((req, res) => {
                const file = path.join(repoDir, path.basename(req.url ?? ""));
                if (!fs.existsSync(file)) return void res.writeHead(404).end();
                res.writeHead(200).end(fs.readFileSync(file));
            });
            await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
            repo = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
            const indexed = await helm.run(["repo", "index", repoDir, "--url", repo]);
            expect(indexed.code, indexed.stderr).to.equal(0);
        });

        after(() => server.close());

        const pull = (chartRepo: string, lockFile: string, cacheDir: string) =>
            runChartsPullCli(["--stack", "test"], {
                cacheDir,
                lockFile,
                toolsDir: DEFAULT_TOOLS_DIR,
                resources: async () => [recorded("kubernetes:helm.sh/v3:Release", "app", { name: "app", chart: "app", repositoryOpts: { repo: chartRepo }, version: "1.0.0", namespace: "default" })],
            });

        it("pulls from the release's repository into the cache and records the digest", async () => {
            const lockFile = path.join(fixture.dir, "pull.lock.json");
            const cacheDir = path.join(fixture.dir, "pulled");
            const result = await pull(repo, lockFile, cacheDir);
            expect(result.exitCode, result.stderr).to.equal(0);
            const digest = sha256File(path.join(cacheDir, "app-1.0.0.tgz"));
            expect(readLock(lockFile).charts).to.deep.equal([{ chart: "app", repo, version: "1.0.0", digest }]);
            expect(result.stdout).to.include(`new  ${repo}/app@1.0.0 ${digest}`);

            const again = await pull(repo, lockFile, cacheDir);
            expect(again.exitCode).to.equal(0);
            expect(again.stdout).to.include(`ok   ${repo}/app@1.0.0 ${digest}`);
        });

        it("fails when a pulled archive differs from the lock file", async () => {
            const lockFile = path.join(fixture.dir, "pull-mismatch.lock.json");
            const pinned = `sha256:${"1".repeat(64)}`;
            writeLock(lockFile, { charts: [{ chart: "app", repo, version: "1.0.0", digest: pinned }] });
            const result = await pull(repo, lockFile, path.join(fixture.dir, "pulled-mismatch"));
            expect(result.exitCode).to.equal(1);
            expect(result.stdout).to.include(`FAIL ${repo}/app@1.0.0: pulled sha256:`);
            expect(result.stdout).to.include(`pull-mismatch.lock.json pins ${pinned}`);
            expect(readLock(lockFile).charts[0]!.digest).to.equal(pinned);
        });

        it("without a network: one line, exit 2", async () => {
            const result = await pull("http://127.0.0.1:9", path.join(fixture.dir, "none.lock.json"), path.join(fixture.dir, "none"));
            expect(result.exitCode).to.equal(2);
            expect(result.stderr.trimEnd().split("\n")).to.have.length(1);
            expect(result.stderr).to.match(/^charts:pull: cannot reach http:\/\/127\.0\.0\.1:9 \(no network\?\): /);
        });
    });

    it("pins the chart the fixture's OCI reference names", () => {
        expect(archiveName(WIDGETS_CHART)).to.equal("widgets-0.3.0.tgz");
    });
});
