import * as fs from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { expect } from "chai";
import { parse } from "yaml";
import { KUBERNETES_VERSIONS } from "../../domain/versions.js";
import { AWS_PACK } from "../../policies/aws/rules/index.js";
import { KUBERNETES_PACK } from "../../policies/kubernetes/rules/index.js";
import { PolicyConfigError, resolvePackConfig } from "../../policies/lib/config.js";
import type { Rule, RulePack } from "../../policies/lib/rule.js";
import { parsePlatformConfig } from "../../stacks/config.js";
import { PROJECT_DIR } from "../../engine/engine.js";
import { readStackFiles } from "../../engine/stack-files.js";

const PACKS: [RulePack, string][] = [
    [AWS_PACK, "aws"],
    [KUBERNETES_PACK, "kubernetes"],
];
const POLICIES = path.join(PROJECT_DIR, "policies");
const readConfig = (stack: string) => JSON.parse(fs.readFileSync(path.join(POLICIES, "config", `${stack}.json`), "utf8")) as unknown;
const isRule = (value: unknown): value is Rule =>
    typeof value === "object" && value !== null && typeof (value as Rule).name === "string" && ("validateResource" in value || "validateStack" in value);

/** Every rule module under policies/<dir>/rules/<service>/, with what it exports. */
async function ruleFiles(dir: string): Promise<{ service: string; file: string; rules: Rule[] }[]> {
    const root = path.join(POLICIES, dir, "rules");
    const out = [];
    for (const service of fs.readdirSync(root).filter((d) => fs.statSync(path.join(root, d)).isDirectory())) {
        for (const file of fs.readdirSync(path.join(root, service)).filter((f) => f.endsWith(".ts"))) {
            const module = (await import(pathToFileURL(path.join(root, service, file)).href)) as Record<string, unknown>;
            out.push({ service, file: file.slice(0, -3), rules: Object.values(module).filter(isRule) });
        }
    }
    return out;
}

describe("Policy packs", () => {
    for (const [pack, dir] of PACKS) {
        describe(pack.name, () => {
            it("registers every rule file, each exporting exactly one rule", async () => {
                const files = await ruleFiles(dir);
                for (const f of files) expect(f.rules, `${f.service}/${f.file}.ts`).to.have.length(1);
                const exported = files.map((f) => f.rules[0]!.name).sort();
                expect(pack.rules.map((r) => r.name).sort()).to.deep.equal(exported);
                // Mocha may load this file through require() and the rule files through import(), so the
                // objects can be two instances of one module: compare what a rule is, not its identity.
                const summary = (r: Rule) => `${r.name} | ${r.description} | ${r.enforcementLevel}`;
                expect(pack.rules.map(summary).sort()).to.deep.equal(files.map((f) => summary(f.rules[0]!)).sort());
            });

            it(`names each rule ${dir}-<service>-<file name>`, async () => {
                for (const f of await ruleFiles(dir)) expect(f.rules[0]!.name).to.equal(`${dir}-${f.service}-${f.file}`);
            });

            it("is runnable by pulumi preview --policy-pack: PulumiPolicy.yaml, a CommonJS main that loads index.ts, index.ts serving this list", () => {
                const packDir = path.join(POLICIES, dir);
                expect(parse(fs.readFileSync(path.join(packDir, "PulumiPolicy.yaml"), "utf8"))).to.include({ runtime: "nodejs" });
                const manifest = JSON.parse(fs.readFileSync(path.join(packDir, "package.json"), "utf8")) as { main: string; version: string };
                expect(manifest.main).to.equal("pack.cjs");
                expect(manifest.version).to.match(/^\d+\.\d+\.\d+$/);
                expect(fs.readFileSync(path.join(packDir, "pack.cjs"), "utf8")).to.contain('import("tsx").then(() => import("./index.ts"))');
                const index = fs.readFileSync(path.join(packDir, "index.ts"), "utf8");
                expect(index).to.contain("new PolicyPack(").and.to.contain('from "./rules/index.js"');
            });
        });
    }

    it("has at least 40 rules, with names unique across both packs", () => {
        const names = PACKS.flatMap(([p]) => p.rules.map((r) => r.name));
        expect(names.length).to.be.at.least(40);
        expect(new Set(names).size).to.equal(names.length);
    });

    it("gives every rule a description, a severity and a default enforcement level", () => {
        for (const rule of PACKS.flatMap(([p]) => p.rules)) {
            expect(rule.description, rule.name).to.have.length.above(20);
            expect(["low", "medium", "high", "critical"], rule.name).to.include(rule.severity);
            expect(["advisory", "mandatory"], rule.name).to.include(rule.enforcementLevel);
        }
    });
});

describe("Policy pack config (policies/config/<stack>.json)", () => {
    const packs = PACKS.map(([p]) => p);
    const dev = resolvePackConfig(packs, readConfig("dev"), "dev.json");
    const prod = resolvePackConfig(packs, readConfig("prod"), "prod.json");
    const mandatory = (config: typeof dev) => [...config].filter(([, s]) => s.enforcementLevel === "mandatory").map(([name]) => name);

    it("resolves every rule of both packs for dev and prod", () => {
        expect(dev.size).to.equal(packs.flatMap((p) => p.rules).length);
        expect(prod.size).to.equal(dev.size);
    });

    it("makes prod mandatory wherever dev is, and mandatory for most of what dev only advises", () => {
        expect(mandatory(prod)).to.include.members(mandatory(dev));
        expect(mandatory(dev).length).to.be.below(mandatory(prod).length / 2);
        expect([...prod].filter(([, s]) => s.enforcementLevel === "advisory").map(([n]) => n).sort()).to.deep.equal([
            "aws-ec2-security-group-rule-descriptions",
            "aws-eks-addon-pin-version",
        ]);
    });

    it("allows exactly the Kubernetes versions domain/versions.ts accepts", () => {
        for (const config of [dev, prod]) expect(config.get("aws-eks-cluster-allowed-version")!.properties["allowedVersions"]).to.deep.equal([...KUBERNETES_VERSIONS]);
    });

    it("requires tags every stack applies (Project, Stack, Tier, ManagedBy and the configured Owner, CostCenter)", () => {
        for (const [stack, config] of [["dev", dev], ["prod", prod]] as const) {
            const required = config.get("aws-tags-required")!.properties["requiredTags"] as string[];
            expect(required).to.deep.equal(["Project", "Stack", "Tier", "ManagedBy", "Owner", "CostCenter"]);
            const files = readStackFiles(PROJECT_DIR, stack);
            const tags = parsePlatformConfig({ project: files.project, stack, values: files.values, missingSecrets: "placeholder" }).defaultTags;
            expect(Object.keys(tags)).to.include.members(required);
        }
    });

    it("keeps a year of logs in prod and a month in dev", () => {
        expect(prod.get("aws-cloudwatch-log-group-retention")!.properties).to.deep.equal({ minimumRetentionDays: 365 });
        expect(dev.get("aws-cloudwatch-log-group-retention")!.properties).to.deep.equal({ minimumRetentionDays: 30 });
    });

    it("rejects unknown rules, bad levels and bad settings, listing every problem", () => {
        const bad = {
            all: "strict",
            "aws-eks-cluster-allowed-versions": "mandatory",
            "aws-cloudwatch-log-group-retention": { minimumRetentionDays: "365", retention: 1 },
            "aws-eks-cluster-allowed-version": { enforcementLevel: "required" },
        };
        expect(() => resolvePackConfig(packs, bad, "prod.json"))
            .to.throw(PolicyConfigError)
            .with.property("message")
            .that.equals(
                [
                    "prod.json is not a valid policy pack config:",
                    '  - all: "strict" is not an enforcement level; use one of advisory, mandatory, remediate, disabled',
                    '  - "aws-eks-cluster-allowed-versions" is not a rule of eks-platform-aws or eks-platform-kubernetes; fix its spelling or remove it',
                    '  - aws-eks-cluster-allowed-version.enforcementLevel: "required" is not an enforcement level; use one of advisory, mandatory, remediate, disabled',
                    "  - aws-cloudwatch-log-group-retention.retention: not a setting of this rule; it has minimumRetentionDays",
                    "  - aws-cloudwatch-log-group-retention.minimumRetentionDays: must be a whole number, got string",
                ].join("\n"),
            );
    });
});

describe("README's Policies section", () => {
    const readme = fs.readFileSync(path.join(PROJECT_DIR, "README.md"), "utf8");
    for (const [pack, dir] of PACKS) {
        it(`gives ${pack.name}'s rule count and lists every one of its rules`, () => {
            expect(readme).to.contain(`\`${pack.name}\`, ${pack.rules.length} rules`);
            // The table writes each service's first rule in full and the others as `-<rest>`.
            const table = readme.slice(readme.indexOf("| Pack / service | Rules |"), readme.indexOf("\n\n", readme.indexOf("| Pack / service | Rules |")));
            const services = new Map<string, string[]>();
            for (const rule of pack.rules) {
                const service = rule.name.split("-")[1]!;
                services.set(service, [...(services.get(service) ?? []), rule.name]);
            }
            for (const [service, names] of services) {
                const row = table.split("\n").find((line) => line.startsWith(`| ${dir} / ${service} (${names.length}) |`));
                expect(row, `${dir} / ${service}`).to.be.a("string");
                for (const name of names) expect(row!.includes(`\`${name}\``) || row!.includes(`\`-${name.slice(`${dir}-${service}-`.length)}\``), name).to.equal(true);
            }
        });
    }
});
