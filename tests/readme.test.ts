import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { z } from "zod";
import { PROJECT_DIR } from "../engine/engine.js";
import { readStackFiles } from "../engine/stack-files.js";
import { parsePlatformConfig, platformSchema } from "../stacks/config.js";
import { tierDefaults } from "../stacks/defaults.js";
import { configPodIpBudget } from "../stacks/schema/capacity.js";

/**
 * The README speaks of scripts, files, config keys, outputs and figures the code owns; these
 * tests keep the two from drifting apart. They read source text and parse config, never run the program.
 */
const README = fs.readFileSync(path.join(PROJECT_DIR, "README.md"), "utf8");
const SCRIPTS = (JSON.parse(fs.readFileSync(path.join(PROJECT_DIR, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
const codeSpans = (text: string) => [...text.matchAll(/`([^`\n]+)`/g)].map((m) => m[1]!);

describe("README", () => {
    describe("commands", () => {
        const runs = [...README.matchAll(/npm run ([\w:-]+)(?: -- ([^`\n#]*))?/g)].map((m) => ({ script: m[1]!, args: m[2] ?? "" }));

        it("names only npm scripts package.json defines", () => {
            expect(runs.length).to.be.greaterThan(10);
            for (const { script } of runs) expect(SCRIPTS, `npm run ${script}`).to.have.property(script);
        });

        it("passes only flags the script's tool knows", () => {
            for (const { script, args } of runs) {
                const entry = /tsx (tools\/[\w-]+\.ts)/.exec(SCRIPTS[script] ?? "")?.[1];
                if (!entry) continue;
                // A tool's flags live in its entry file or its folder (tools/plan.ts and tools/plan/, tools/charts-pull.ts and tools/charts/).
                const dir = path.join(PROJECT_DIR, "tools", path.basename(entry, ".ts").replace(/-.*$/, ""));
                const files = [path.join(PROJECT_DIR, entry), ...(fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(".ts")).map((f) => path.join(dir, f)) : [])];
                const source = files.map((f) => fs.readFileSync(f, "utf8")).join("\n");
                for (const flag of args.match(/--[a-z][\w-]*/g) ?? []) {
                    const known = source.includes(`"${flag}"`) || new RegExp(`\\b${flag.slice(2)}\\s*:\\s*\\{\\s*type:`).test(source);
                    expect(known, `npm run ${script} -- ${flag} (${entry})`).to.equal(true);
                }
            }
        });
    });

    it("names only files and folders that exist", () => {
        const roots = /^(index\.ts|tools|components|stacks|policies|engine|domain|tests|\.github|\.ci|charts\.lock\.json|\.node-version)(\/|$)/;
        const paths = new Set(codeSpans(README).filter((span) => roots.test(span) && !/[<*\s{]/.test(span)));
        expect(paths.size).to.be.greaterThan(30);
        for (const p of paths) expect(fs.existsSync(path.join(PROJECT_DIR, p)), p).to.equal(true);
    });

    it("links only to its own headings", () => {
        // GitHub's anchors: lower case, punctuation dropped, spaces to dashes.
        const anchors = new Set([...README.matchAll(/^#+ (.+)$/gm)].map((m) => m[1]!.toLowerCase().replace(/[^\w\- ]/g, "").replace(/ /g, "-")));
        const links = [...README.matchAll(/\]\(#([\w-]+)\)/g)].map((m) => m[1]!);
        expect(links.length).to.be.greaterThan(5);
        for (const link of links) expect(anchors.has(link), `#${link}`).to.equal(true);
    });

    it("names only stack outputs index.ts exports", () => {
        const index = fs.readFileSync(path.join(PROJECT_DIR, "index.ts"), "utf8");
        const named = [
            ...[...README.matchAll(/pulumi stack output (?:--show-secrets )?(\w+)/g)].map((m) => m[1]!),
            ...[...README.matchAll(/(?:stack )?outputs? `(\w+)`(?: and `(\w+)`)?/g)].flatMap((m) => [m[1]!, ...(m[2] ? [m[2]] : [])]),
            ...[...README.matchAll(/\(stack output `(\w+)`\)/g)].map((m) => m[1]!),
        ];
        expect(named.length).to.be.greaterThan(8);
        for (const name of new Set(named)) expect(index, `output ${name}`).to.match(new RegExp(`\\b${name}:`));
    });

    describe("Configuration table", () => {
        const start = README.indexOf("| Key | Type | dev default | prod default |");
        const rows = README.slice(start, README.indexOf("\n\n", start))
            .split("\n")
            .slice(2)
            .map((line) => line.slice(1, -1).split(/(?<!\\)\|/).map((cell) => cell.trim()));
        /** A row's keys: `a.b.c` / `d` / `e` stands for a.b.c, a.b.d and a.b.e. */
        const keysOf = (cell: string) => {
            const [first, ...siblings] = codeSpans(cell);
            const parent = first!.split(".").slice(0, -1);
            return [first!, ...siblings.map((s) => [...parent, s].join("."))];
        };
        const generic = (key: string) => key.replace(/<[^>]+>/g, "<*>");
        const tableKeys = rows.flatMap((row) => keysOf(row[0]!)).map(generic);

        /** Every key path the schema accepts (records as `<*>`), and which of them are leaves. */
        const schemaPaths = new Map<string, boolean>();
        const walk = (schema: z.ZodType, at: string[]): void => {
            const def = (schema as unknown as { def: Record<string, unknown> & { type: string } }).def;
            if (def.type === "optional" || def.type === "default" || def.type === "nullable") return walk(def["innerType"] as z.ZodType, at);
            if (def.type === "pipe") {
                const inner = def["in"] as z.ZodType;
                return walk((inner as unknown as { def: { type: string } }).def.type === "object" ? inner : (def["out"] as z.ZodType), at);
            }
            if (at.length > 0) schemaPaths.set(at.join("."), def.type !== "object" && def.type !== "record");
            if (def.type === "object") for (const [key, value] of Object.entries(def["shape"] as Record<string, z.ZodType>)) walk(value, [...at, key]);
            if (def.type === "record") walk(def["valueType"] as z.ZodType, [...at, "<*>"]);
        };
        walk(platformSchema("dev", "dev"), []);

        it("lists only keys the schema accepts", () => {
            for (const key of tableKeys) expect(schemaPaths.has(key), `${key} is not in stacks/schema`).to.equal(true);
        });

        it("lists every key the schema accepts", () => {
            for (const [key, leaf] of schemaPaths) {
                if (!leaf) continue;
                // A map of plain values (tags) is one row for the whole map.
                const covered = tableKeys.includes(key) || (key.endsWith(".<*>") && tableKeys.includes(key.slice(0, -4)));
                expect(covered, `${key} is missing from the Configuration table`).to.equal(true);
            }
        });

        it("gives the tier defaults of stacks/defaults.ts", () => {
            const show = (value: unknown): string =>
                Array.isArray(value) ? `[${value.map(show).join(", ")}]` : typeof value === "object" && value !== null ? JSON.stringify(value) : String(value);
            const lookup = (defaults: unknown, key: string) => key.split(".").reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], defaults);
            let checked = 0;
            for (const [keyCell, , devCell, prodCell] of rows) {
                const keys = keysOf(keyCell!);
                if (keys.some((k) => k.includes("<"))) continue;
                for (const [tier, cell] of [["dev", devCell!], ["prod", prodCell === "same" ? devCell! : prodCell!]] as const) {
                    // Only cells that are values: `a`, or `a` / `b` / `c` for a row of several keys; prose cells (required, none, created) are skipped.
                    const values = /^`[^`]*`( \/ `[^`]*`)*( \(.*\))?$/.test(cell) ? codeSpans(cell.replace(/ \(.*\)$/, "")) : undefined;
                    if (!values) continue;
                    expect(values, `${keyCell} (${tier})`).to.have.length(keys.length);
                    const defaults = tierDefaults(tier, "<stack>");
                    keys.forEach((key, i) => {
                        expect(values[i], `${key} (${tier} default)`).to.equal(show(lookup(defaults, key)));
                        checked++;
                    });
                }
            }
            expect(checked).to.be.greaterThan(100);
        });
    });

    describe("figures", () => {
        it("quotes the monthly baselines tests/tools/baselines.test.ts pins", () => {
            const pinned = /MONTHLY_BASELINE_USD = \{ dev: ([\d.]+), prod: ([\d.]+) \}/.exec(fs.readFileSync(path.join(PROJECT_DIR, "tests/tools/baselines.test.ts"), "utf8"));
            expect(pinned).to.not.equal(null);
            expect(README).to.contain(`dev baseline is $${pinned![1]} a month (prod $${pinned![2]})`);
        });

        it("quotes the pod-IP budget of both stacks", () => {
            const budget = (stack: string) => {
                const files = readStackFiles(PROJECT_DIR, stack);
                return configPodIpBudget(parsePlatformConfig({ project: files.project, stack, values: files.values, missingSecrets: "placeholder" }));
            };
            const n = (value: number) => value.toLocaleString("en-US");
            const prod = budget("prod");
            const dev = budget("dev");
            expect(README).to.contain(
                `come to at most ${prod.karpenterNodes} nodes and ${n(prod.podsAtLimits)} pods, ${n(prod.addressesNeeded)} of ${n(prod.privateIpCapacity)} addresses` +
                    `\nwith the system nodes (headroom ${(prod.headroom * 100).toFixed(1)}%)`,
            );
            expect(README).to.contain(`come to ${dev.karpenterNodes} nodes, ${n(dev.addressesNeeded)} addresses`);
        });
    });
});
