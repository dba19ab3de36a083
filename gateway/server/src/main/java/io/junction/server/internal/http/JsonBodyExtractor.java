package io.junction.server.internal.http;

import io.junction.core.ErrorType;
import io.junction.core.JunctionException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.RequestUtils;
import io.vertx.openapi.validation.ValidatableRequest;

import java.util.Map;

/**
 * Hands the validator the body read by {@link BoundedBodyReader}, after checking that a non-empty body of a JSON
 * operation says {@code application/json} (415 otherwise). The content type given to the validator is
 * normalised, since vertx-openapi compares it case-sensitively.
 */
final class JsonBodyExtractor implements RequestExtractor {
    private static final String JSON = "application/json";

    @Override
    public Future<ValidatableRequest> extractValidatableRequest(RoutingContext rc, Operation operation) {
        Buffer body = BoundedBodyReader.body(rc);
        boolean hasBody = body.length() > 0;
        if (operation.getRequestBody() != null && hasBody) {
            String contentType = rc.request().getHeader(HttpHeaders.CONTENT_TYPE);
            if (!JSON.equals(MediaTypes.baseType(contentType))) {
                return Future.failedFuture(new JunctionException(ErrorType.UNSUPPORTED_MEDIA_TYPE,
                        "this endpoint takes application/json but the request says "
                                + (contentType == null ? "no Content-Type" : "'" + contentType + "'")));
            }
        }
        return RequestUtils.extract(rc.request(), operation, () -> Future.succeededFuture(hasBody ? body : null))
                .map(extracted -> new NormalisedRequest(extracted, hasBody ? JSON : null));
    }

    private record NormalisedRequest(ValidatableRequest delegate, String contentType) implements ValidatableRequest {
        @Override
        public String getContentType() {
            return contentType;
        }

        @Override
        public Map<String, RequestParameter> getCookies() {
            return delegate.getCookies();
        }

        @Override
        public Map<String, RequestParameter> getPathParameters() {
            return delegate.getPathParameters();
        }

        @Override
        public Map<String, RequestParameter> getQuery() {
            return delegate.getQuery();
        }

        @Override
        public Map<String, RequestParameter> getHeaders() {
            return delegate.getHeaders();
        }

        @Override
        public RequestParameter getBody() {
            return delegate.getBody();
        }
    }
}
