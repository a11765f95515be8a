package io.opsnotify.s3policy;

/**
 * One access the instances behind the endpoint need.
 *
 * @param set      the profile set it comes from ({@code al2}, {@code ssm}, ...) or {@code require}
 * @param purpose  what breaks without it, for the summary: {@code yum}, {@code SSM agent}, ...
 * @param action   e.g. {@code s3:GetObject}
 * @param resource an S3 ARN; {@code arn:aws:s3:::bucket/*} means every object of the bucket
 * @param awsOwned an AWS-owned bucket: its owner account (s3:ResourceAccount) is not published, and
 *                 the request is made by a package manager or agent, not necessarily as --principal-arn
 */
public record RequiredAccess(String set, String purpose, String action, String resource, boolean awsOwned) {

    /** The bucket name of the resource ARN (what the summary shows). */
    public String bucket() {
        String r = resource.startsWith("arn:aws:s3:::") ? resource.substring("arn:aws:s3:::".length()) : resource;
        int slash = r.indexOf('/');
        return slash < 0 ? r : r.substring(0, slash);
    }
}
