import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { PROJECT_DIR } from "../engine/engine.js";

/**
 * The floors of the house (HOUSE-STYLE "Floors"): each top-level folder may import only the
 * folders listed for it. No arrow points up, and nothing outside tests/ imports tests/.
 */
const MAY_IMPORT: Record<string, readonly string[]> = {
    domain: [],
    engine: ["domain"],
    stacks: ["domain"],
    policies: ["domain"],
    components: ["domain", "stacks"],
    tools: ["domain", "engine", "stacks", "policies"],
    "index.ts": ["domain", "stacks", "components"],
};

function sourceFiles(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) return entry.name === "node_modules" ? [] : sourceFiles(full);
        return entry.name.endsWith(".ts") ? [full] : [];
    });
}

function floorOf(file: string): string {
    return path.relative(PROJECT_DIR, file).split(path.sep)[0]!;
}

function relativeImports(file: string): string[] {
    const text = fs.readFileSync(file, "utf8");
    return [...text.matchAll(/(?:from\s+|import\(\s*)"(\.{1,2}\/[^"]+)"/g)].map((m) => path.resolve(path.dirname(file), m[1]!));
}

describe("floors", () => {
    for (const floor of Object.keys(MAY_IMPORT)) {
        it(`${floor} imports only ${MAY_IMPORT[floor]!.join(", ") || "itself"}`, () => {
            const root = path.join(PROJECT_DIR, floor);
            const files = floor.endsWith(".ts") ? [root] : sourceFiles(root);
            expect(files, floor).to.not.be.empty;
            const wrong = files.flatMap((file) =>
                relativeImports(file)
                    .map((target) => floorOf(target))
                    .filter((target) => target !== floor && !MAY_IMPORT[floor]!.includes(target))
                    .map((target) => `${path.relative(PROJECT_DIR, file)} -> ${target}/`),
            );
            expect(wrong).to.deep.equal([]);
        });
    }
});

describe("import cycles", () => {
    it("no module of the product imports itself through others (type imports included)", () => {
        const files = ["domain", "engine", "stacks", "policies", "components", "tools"]
            .flatMap((floor) => sourceFiles(path.join(PROJECT_DIR, floor)))
            .concat(path.join(PROJECT_DIR, "index.ts"));
        const resolve = (target: string) => target.replace(/\.js$/, ".ts");
        const graph = new Map(files.map((f) => [f, relativeImports(f).map(resolve).filter((t) => fs.existsSync(t))]));
        const cycles: string[] = [];
        const state = new Map<string, "open" | "done">();
        const visit = (file: string, stack: string[]) => {
            if (state.get(file) === "done") return;
            if (state.get(file) === "open") {
                cycles.push([...stack.slice(stack.indexOf(file)), file].map((f) => path.relative(PROJECT_DIR, f)).join(" -> "));
                return;
            }
            state.set(file, "open");
            for (const next of graph.get(file) ?? []) visit(next, [...stack, file]);
            state.set(file, "done");
        };
        for (const file of files) visit(file, []);
        expect(cycles).to.deep.equal([]);
    });
});
