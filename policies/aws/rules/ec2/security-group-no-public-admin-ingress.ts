import { T } from "../../../lib/types.js";
import { resourceRule } from "../../../lib/rule.js";
import { listAt } from "../../../lib/values.js";

const ADMIN_PORTS = [22, 3389];
const OPEN_V4 = "0.0.0.0/0";
const OPEN_V6 = "::/0";

interface IngressView {
    readonly label: string;
    readonly protocol: string;
    readonly from: number;
    readonly to: number;
    readonly sources: string[];
}

/** What the rule objects: the ports it opens to the world, or undefined. */
function exposure(rule: IngressView): string | undefined {
    const open = rule.sources.filter((s) => s === OPEN_V4 || s === OPEN_V6);
    if (open.length === 0) return undefined;
    const allProtocols = rule.protocol === "-1" || rule.protocol.toLowerCase() === "all";
    if (allProtocols || (rule.from <= 0 && rule.to >= 65535)) return `all ports to ${open.join(", ")}`;
    const admin = ADMIN_PORTS.filter((p) => rule.from <= p && p <= rule.to);
    return admin.length > 0 ? `port ${admin.join(" and ")} to ${open.join(", ")}` : undefined;
}

const num = (v: unknown, fallback: number) => (typeof v === "number" ? v : fallback);

export const awsEc2SecurityGroupNoPublicAdminIngress = resourceRule({
    name: "aws-ec2-security-group-no-public-admin-ingress",
    description: "No security group admits SSH, RDP or every port from 0.0.0.0/0 or ::/0.",
    severity: "critical",
    enforcementLevel: "mandatory",
    resourceTypes: [T.securityGroup, T.securityGroupRule, T.vpcIngressRule],
    validate: (props, args, report) => {
        const rules: IngressView[] = [];
        if (args.type === T.securityGroup) {
            listAt(props, "ingress").forEach((r, i) =>
                rules.push({
                    label: `ingress[${i}]`,
                    protocol: String(r["protocol"] ?? ""),
                    from: num(r["fromPort"], 0),
                    to: num(r["toPort"], 65535),
                    sources: [...listAt(r, "cidrBlocks"), ...listAt(r, "ipv6CidrBlocks")],
                }),
            );
        } else if (args.type === T.securityGroupRule) {
            if (props["type"] !== "ingress") return;
            rules.push({
                label: "the rule",
                protocol: String(props["protocol"] ?? ""),
                from: num(props["fromPort"], 0),
                to: num(props["toPort"], 65535),
                sources: [...listAt(props, "cidrBlocks"), ...listAt(props, "ipv6CidrBlocks")],
            });
        } else {
            rules.push({
                label: "the rule",
                protocol: String(props["ipProtocol"] ?? ""),
                from: num(props["fromPort"], 0),
                to: num(props["toPort"], 65535),
                sources: [props["cidrIpv4"], props["cidrIpv6"]].filter((s): s is string => typeof s === "string"),
            });
        }
        for (const rule of rules) {
            const what = exposure(rule);
            if (what) report(`${rule.label} opens ${what}: restrict the source to known CIDRs or a security group, or use SSM Session Manager instead of SSH/RDP.`);
        }
    },
});
