import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { DescribeAddonVersionsCommand } from "@aws-sdk/client-eks";
import { expect } from "chai";
import { addonsCheckCommand, hasCredentialSource, type EksSend } from "../../tools/addons/check.js";

/**
 * A fake EKS API: what DescribeAddonVersions answers for Kubernetes 1.36, in pages of one
 * version, the way the real API pages. Every request is recorded.
 */
function fakeEks(offered: Record<string, { version: string; isDefault?: boolean }[]>) {
    const requests: Record<string, unknown>[] = [];
    const client: EksSend = {
        async send(command: DescribeAddonVersionsCommand) {
            const input = command.input;
            requests.push({ ...input });
            const versions = offered[input.addonName ?? ""] ?? [];
            const index = input.nextToken ? Number(input.nextToken) : 0;
            const v = versions[index];
            return {
                addons: v
                    ? [
                          {
                              addonName: input.addonName,
                              addonVersions: [
                                  {
                                      addonVersion: v.version,
                                      compatibilities: [
                                          { clusterVersion: "1.35", defaultVersion: false },
                                          { clusterVersion: input.kubernetesVersion, defaultVersion: v.isDefault === true },
                                      ],
                                  },
                              ],
                          },
                      ]
                    : [],
                nextToken: index + 1 < versions.length ? String(index + 1) : undefined,
            };
        },
    };
    return { client, requests };
}

async function run(argv: string[], deps: Parameters<typeof addonsCheckCommand>[2]) {
    let stdout = "";
    let stderr = "";
    const code = await addonsCheckCommand(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) }, deps);
    return { code, stdout, stderr };
}

describe("npm run addons:check", () => {
    const emptyHome = fs.mkdtempSync(path.join(os.tmpdir(), "addons-check-home-"));

    it("without credentials says it needs them and exits 2, without calling AWS", async () => {
        const result = await run(["--stack", "dev"], { env: {}, home: emptyHome });
        expect(result).to.deep.equal({
            code: 2,
            stdout: "",
            stderr:
                "addons:check needs AWS credentials to ask EKS which add-on versions it offers (DescribeAddonVersions); none were found. Set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (any principal with eks:DescribeAddonVersions) and run it again; on EC2 or in a pod with an instance role, set AWS_EC2_METADATA_DISABLED=false.\n",
        });
    });

    it("finds credentials in the environment or the shared files", () => {
        expect(hasCredentialSource({}, emptyHome)).to.equal(false);
        expect(hasCredentialSource({ AWS_ACCESS_KEY_ID: "AKIA", AWS_SECRET_ACCESS_KEY: "s" }, emptyHome)).to.equal(true);
        expect(hasCredentialSource({ AWS_PROFILE: "platform" }, emptyHome)).to.equal(true);
        const home = fs.mkdtempSync(path.join(os.tmpdir(), "addons-check-aws-"));
        fs.mkdirSync(path.join(home, ".aws"));
        fs.writeFileSync(path.join(home, ".aws", "config"), "[default]\nregion = eu-west-1\n");
        expect(hasCredentialSource({}, home)).to.equal(true);
    });

    it("with credentials compares dev's 1.36 row with what EKS offers and says what to change", async () => {
        const { client, requests } = fakeEks({
            "vpc-cni": [{ version: "v1.22.4-eksbuild.3", isDefault: true }, { version: "v1.23.1-eksbuild.1" }],
            "kube-proxy": [{ version: "v1.36.0-eksbuild.25", isDefault: true }, { version: "v1.36.0-eksbuild.14" }],
            "eks-pod-identity-agent": [{ version: "v1.3.10-eksbuild.3", isDefault: true }, { version: "v1.4.0-eksbuild.2" }],
            // The pinned coredns build was withdrawn.
            coredns: [{ version: "v1.14.3-eksbuild.30", isDefault: true }, { version: "v1.14.3-eksbuild.3" }],
            "aws-ebs-csi-driver": [{ version: "v1.66.0-eksbuild.1", isDefault: true }],
            "aws-efs-csi-driver": [{ version: "v3.4.1-eksbuild.1", isDefault: true }],
            "amazon-cloudwatch-observability": [{ version: "v6.4.0-eksbuild.1", isDefault: true }],
        });
        const regions: string[] = [];
        const result = await run(["--stack", "dev"], { env: {}, home: emptyHome, client: (region) => (regions.push(region), client) });
        expect(regions).to.deep.equal(["eu-west-1"]);
        expect(requests.filter((r) => r["addonName"] === "vpc-cni")).to.deep.equal([
            { addonName: "vpc-cni", kubernetesVersion: "1.36", nextToken: undefined },
            { addonName: "vpc-cni", kubernetesVersion: "1.36", nextToken: "1" },
        ]);
        expect(result.stderr).to.equal("");
        expect(result.code).to.equal(1);
        expect(result.stdout).to.equal(
            [
                "Add-ons of stack dev (Kubernetes 1.36) against what EKS offers now:",
                "  vpc-cni: v1.22.4-eksbuild.3 offered, newer available (default v1.22.4-eksbuild.3, newest v1.23.1-eksbuild.1)",
                "  kube-proxy: v1.36.0-eksbuild.25 offered (default v1.36.0-eksbuild.25, newest v1.36.0-eksbuild.25)",
                "  eks-pod-identity-agent: v1.3.10-eksbuild.3 offered, newer available (default v1.3.10-eksbuild.3, newest v1.4.0-eksbuild.2)",
                "  coredns: v1.14.3-eksbuild.23 NOT OFFERED (default v1.14.3-eksbuild.30, newest v1.14.3-eksbuild.30)",
                "  aws-ebs-csi-driver: v1.66.0-eksbuild.1 offered (default v1.66.0-eksbuild.1, newest v1.66.0-eksbuild.1)",
                "  aws-efs-csi-driver: v3.4.1-eksbuild.1 offered (default v3.4.1-eksbuild.1, newest v3.4.1-eksbuild.1)",
                "  amazon-cloudwatch-observability: v6.4.0-eksbuild.1 offered (default v6.4.0-eksbuild.1, newest v6.4.0-eksbuild.1)",
                "",
                "To change:",
                '  - consider v1.23.1-eksbuild.1 for ADDON_MATRIX["1.36"]["vpc-cni"] in domain/addon-matrix.ts (read its release notes, deploy dev first)',
                '  - consider v1.4.0-eksbuild.2 for ADDON_MATRIX["1.36"]["eks-pod-identity-agent"] in domain/addon-matrix.ts (read its release notes, deploy dev first)',
                '  - set ADDON_MATRIX["1.36"]["coredns"] in domain/addon-matrix.ts to v1.14.3-eksbuild.30: EKS refuses v1.14.3-eksbuild.23 on 1.36',
                "  - remove v1.63.1-eksbuild.1 from the accepted versions of aws-ebs-csi-driver on 1.36: EKS no longer offers it",
                "",
            ].join("\n"),
        );
    });

    it("exits 0 when every pinned version is offered", async () => {
        const { client } = fakeEks({
            "vpc-cni": [{ version: "v1.22.4-eksbuild.3", isDefault: true }],
            "kube-proxy": [{ version: "v1.36.0-eksbuild.25", isDefault: true }],
            "eks-pod-identity-agent": [{ version: "v1.3.10-eksbuild.3", isDefault: true }],
            coredns: [{ version: "v1.14.3-eksbuild.23", isDefault: true }],
            "aws-ebs-csi-driver": [{ version: "v1.66.0-eksbuild.1", isDefault: true }],
            "aws-efs-csi-driver": [{ version: "v3.4.1-eksbuild.1", isDefault: true }],
            "amazon-cloudwatch-observability": [{ version: "v6.4.0-eksbuild.1", isDefault: true }],
        });
        const result = await run(["--stack", "prod"], { client: () => client });
        expect(result.code).to.equal(0);
        expect(result.stdout).to.contain("  coredns: v1.14.3-eksbuild.23 offered (default v1.14.3-eksbuild.23, newest v1.14.3-eksbuild.23)\n");
    });

    it("treats credentials the SDK cannot use as missing credentials (exit 2)", async () => {
        const client: EksSend = {
            send: async () => {
                throw Object.assign(new Error("Could not load credentials from any providers"), { name: "CredentialsProviderError" });
            },
        };
        const result = await run(["--stack", "dev"], { client: () => client });
        expect(result.code).to.equal(2);
        expect(result.stderr).to.match(/^addons:check needs AWS credentials .*\n\(Could not load credentials from any providers\)\n$/s);
    });

    it("refuses bad usage and unknown stacks with exit 2", async () => {
        expect((await run([], { env: {} })).code).to.equal(2);
        const unknown = await run(["--stack", "staging"], { env: {} });
        expect(unknown.code).to.equal(2);
        expect(unknown.stderr).to.match(/unknown stack "staging"/);
    });
});
