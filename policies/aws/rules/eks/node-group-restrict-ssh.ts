import { T } from "../../../lib/types.js";
import { resourceRule } from "../../../lib/rule.js";
import { isSet, objectAt } from "../../../lib/values.js";

export const awsEksNodeGroupRestrictSsh = resourceRule({
    name: "aws-eks-node-group-restrict-ssh",
    description: "A node group with an SSH key names the security groups allowed to use it; otherwise EKS opens port 22 to the internet.",
    severity: "critical",
    enforcementLevel: "mandatory",
    resourceTypes: [T.eksNodeGroup, T.eksComponentManagedNodeGroup],
    validate: (props, _args, report) => {
        const remote = objectAt(props, "remoteAccess");
        if (remote && isSet(remote, "ec2SshKey") && !isSet(remote, "sourceSecurityGroupIds")) {
            report(
                "remoteAccess.ec2SshKey is set without remoteAccess.sourceSecurityGroupIds, which opens SSH to 0.0.0.0/0: list the bastion's security groups, or drop the key and use SSM Session Manager.",
            );
        }
    },
});
