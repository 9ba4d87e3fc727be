import { T } from "../../../lib/types.js";
import { resourceRule } from "../../../lib/rule.js";
import { isTrue, listAt, objectAt } from "../../../lib/values.js";

export const awsEc2EncryptVolumes = resourceRule({
    name: "aws-ec2-encrypt-volumes",
    description: "Node root and data volumes are EBS-encrypted.",
    severity: "high",
    enforcementLevel: "mandatory",
    resourceTypes: [T.launchTemplate, T.instance, T.ec2NodeClass],
    validate: (props, args, report) => {
        if (args.type === T.launchTemplate) {
            const mappings = listAt(props, "blockDeviceMappings").filter((m) => objectAt(m, "ebs"));
            if (mappings.length === 0) {
                report("No EBS block device mapping, so the root volume follows the AMI and may be unencrypted: map the root device with ebs.encrypted \"true\".");
            }
            for (const m of mappings) {
                if (!isTrue(objectAt(m, "ebs")?.["encrypted"])) report(`Volume ${String(m["deviceName"])} is not encrypted: set ebs.encrypted to "true".`);
            }
        } else if (args.type === T.instance) {
            if (!isTrue(objectAt(props, "rootBlockDevice")?.["encrypted"])) report("The root volume is not encrypted: set rootBlockDevice.encrypted to true.");
            for (const d of listAt(props, "ebsBlockDevices")) {
                if (!isTrue(d["encrypted"])) report(`Volume ${String(d["deviceName"])} is not encrypted: set encrypted to true.`);
            }
        } else {
            // Left out, Karpenter maps an encrypted gp3 root volume.
            for (const m of listAt(objectAt(props, "spec"), "blockDeviceMappings")) {
                if (objectAt(m, "ebs")?.["encrypted"] !== true) report(`Volume ${String(m["deviceName"])} is not encrypted: set ebs.encrypted to true.`);
            }
        }
    },
});
