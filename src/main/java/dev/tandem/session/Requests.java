package dev.tandem.session;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Checks of the fields of client requests; each failure names the field and what is wrong. */
final class Requests {

    /** Largest integer a JavaScript client can send exactly: 2^53 - 1. */
    static final long MAX_SAFE_INTEGER = 9007199254740991L;
    private static final int MAX_DOC_ID_LENGTH = Identifiers.MAX_DOC_ID_LENGTH;
    private static final int MAX_BULK_DOCUMENTS = 1000;

    private Requests() {
    }

    /** Returns the collection, which must be a non-empty string without '/' (the separator of keys). */
    static String collection(JsonObject request) {
        Object value = request.getValue("c");
        if (!(value instanceof String collection)) {
            throw badlyFormed("Missing or invalid collection 'c': expected a non-empty string");
        }
        String problem = Identifiers.collectionProblem(collection);
        if (problem != null) {
            throw badlyFormed("Invalid collection 'c': it " + problem);
        }
        return collection;
    }

    /** Returns the presence channel, a non-empty string such as {@code collection.id} for a document. */
    static String channel(JsonObject request) {
        Object value = request.getValue("ch");
        if (!(value instanceof String channel) || channel.isEmpty() || channel.length() > MAX_DOC_ID_LENGTH) {
            throw badlyFormed("Missing or invalid presence channel 'ch': expected a string of 1 to "
                    + MAX_DOC_ID_LENGTH + " characters");
        }
        // The channel is part of an event-bus address, sent as UTF-8 between nodes: a lone surrogate
        // would arrive as '?' and alias another channel there.
        String problem = Identifiers.textProblem(channel);
        if (problem != null) {
            throw badlyFormed("Invalid presence channel 'ch': it " + problem);
        }
        return channel;
    }

    static String docId(JsonObject request) {
        return docId(request.getValue("d"), "'d'");
    }

    private static String docId(Object value, String field) {
        if (!(value instanceof String docId)) {
            throw badlyFormed("Missing or invalid document id " + field + ": expected a non-empty string");
        }
        String problem = Identifiers.docIdProblem(docId);
        if (problem != null) {
            throw badlyFormed("Invalid document id " + field + ": it " + problem);
        }
        return docId;
    }

    /** A version or other counter: absent or null, else a non-negative integer up to 2^53 - 1. */
    static Long optionalVersion(JsonObject request, String field) {
        return optionalCounter(request.getValue(field), "'" + field + "'");
    }

    static Long optionalCounter(Object value, String field) {
        if (value == null) {
            return null;
        }
        long counter = integer(value, field);
        if (counter < 0) {
            throw badlyFormed("Invalid " + field + ": must not be negative, got " + counter);
        }
        return counter;
    }

    /** Returns an integral JSON number as a long, or throws naming {@code field}. */
    static long integer(Object value, String field) {
        if (value instanceof Integer || value instanceof Long) {
            return ((Number) value).longValue();
        }
        if (value instanceof BigInteger big) {
            if (big.bitLength() < 63) {
                return big.longValue();
            }
            throw badlyFormed("Invalid " + field + ": " + big + " is too large");
        }
        if (value instanceof Double number && number == Math.rint(number) && Math.abs(number) <= MAX_SAFE_INTEGER) {
            return number.longValue();
        }
        throw badlyFormed("Invalid " + field + ": expected an integer, got " + describe(value));
    }

    static List<String> ids(JsonArray array) {
        if (array.size() > MAX_BULK_DOCUMENTS) {
            throw badlyFormed("Too many documents in bulk request 'b': at most " + MAX_BULK_DOCUMENTS);
        }
        List<String> ids = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            ids.add(docId(array.getValue(i), "'b[" + i + "]'"));
        }
        return ids;
    }

    /** The {@code b} map of a bulk request: document id to version. */
    static Map<String, Long> versions(Object bulk) {
        if (!(bulk instanceof JsonObject map)) {
            throw badlyFormed("Invalid bulk data 'b': expected an array of ids or an object of versions");
        }
        if (map.size() > MAX_BULK_DOCUMENTS) {
            throw badlyFormed("Too many documents in bulk request 'b': at most " + MAX_BULK_DOCUMENTS);
        }
        Map<String, Long> versions = new LinkedHashMap<>();
        for (String docId : map.fieldNames()) {
            docId(docId, "in 'b'");
            Long version = optionalCounter(map.getValue(docId), "version of '" + docId + "' in 'b'");
            if (version == null) {
                throw badlyFormed("Missing version of '" + docId + "' in 'b'");
            }
            versions.put(docId, version);
        }
        return versions;
    }

    static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String) {
            return "a string";
        }
        if (value instanceof JsonObject || value instanceof Map) {
            return "an object";
        }
        if (value instanceof JsonArray || value instanceof List) {
            return "an array";
        }
        return String.valueOf(value);
    }

    static ProtocolException badlyFormed(String message) {
        return new ProtocolException(ErrorCode.ERR_MESSAGE_BADLY_FORMED, message);
    }
}
