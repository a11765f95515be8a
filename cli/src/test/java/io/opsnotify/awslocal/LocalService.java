package io.opsnotify.awslocal;

import java.util.Map;

/** One emulated AWS service: names the operation of a request, handles it, renders its errors. */
interface LocalService {
    /** The SigV4 signing name: {@code sns}, {@code lambda}, {@code ec2}. */
    String name();

    /** The API operation this request is, e.g. {@code Publish}; throws {@link AwsError} when unknown. */
    String action(AwsRequest request);

    /** Parameters to record in the call log. */
    Map<String, String> params(AwsRequest request);

    AwsResponse handle(AwsRequest request, String action);

    /** The error in this service's wire shape (query XML, EC2 XML or REST-JSON). */
    AwsResponse error(AwsRequest request, AwsError error);
}
