package dev.tandem.session;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Map;

/**
 * Parses client messages with the node's limits: at most {@code maxMessageBytes} of UTF-8 and
 * {@code maxDepth} levels of nesting, so that a hostile message costs bounded memory and stack.
 * Numbers parse as {@link Integer}, {@link Long}, {@link java.math.BigInteger} or {@link Double}.
 */
public final class MessageParser {

    private final ObjectMapper mapper;
    private final long maxMessageBytes;

    public MessageParser(long maxMessageBytes, int maxDepth) {
        this.maxMessageBytes = maxMessageBytes;
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(maxDepth)
                        .maxStringLength((int) Math.min(Integer.MAX_VALUE, maxMessageBytes))
                        .maxNumberLength(64)
                        .build())
                .build();
        this.mapper = new ObjectMapper(factory).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /**
     * Returns the message as a map of plain JSON values.
     *
     * @throws ProtocolException {@link ErrorCode#ERR_MESSAGE_TOO_LARGE} or
     *     {@link ErrorCode#ERR_MESSAGE_BADLY_FORMED}, with a message naming the problem
     */
    public Map<String, Object> parse(String text) {
        // A UTF-16 unit takes at most 3 bytes of UTF-8, so short texts skip the exact count.
        if ((long) text.length() * 3 > maxMessageBytes && utf8Length(text) > maxMessageBytes) {
            throw new ProtocolException(ErrorCode.ERR_MESSAGE_TOO_LARGE,
                    "Message of " + utf8Length(text) + " bytes is over the limit of " + maxMessageBytes + " bytes");
        }
        Object value;
        try {
            value = mapper.readValue(text, Object.class);
        } catch (StreamConstraintsException e) {
            throw new ProtocolException(ErrorCode.ERR_MESSAGE_BADLY_FORMED, "Message exceeds a parser limit: "
                    + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw new ProtocolException(ErrorCode.ERR_MESSAGE_BADLY_FORMED, "Message is not valid JSON: "
                    + e.getOriginalMessage());
        }
        if (!(value instanceof Map<?, ?>)) {
            throw new ProtocolException(ErrorCode.ERR_MESSAGE_BADLY_FORMED, "Message must be a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> message = (Map<String, Object>) value;
        return message;
    }

    /**
     * Returns the top-level scalar fields that identify a request ({@code a}, {@code c}, {@code d},
     * {@code v}, {@code seq}, {@code src}, {@code id}, {@code ch}) of a message too large to parse
     * whole, skipping every other value without building it, so that an error reply can name its
     * request. Returns what was read before any syntax error.
     */
    public Map<String, Object> requestFields(String text) {
        Map<String, Object> fields = new java.util.LinkedHashMap<>();
        try (com.fasterxml.jackson.core.JsonParser parser = LENIENT_FACTORY.createParser(text)) {
            if (parser.nextToken() != com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
                return fields;
            }
            while (parser.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                com.fasterxml.jackson.core.JsonToken value = parser.nextToken();
                if (value.isScalarValue() && REQUEST_FIELDS.contains(name)) {
                    fields.put(name, switch (value) {
                        case VALUE_STRING -> parser.getText();
                        case VALUE_NUMBER_INT -> parser.getNumberValue();
                        case VALUE_NULL -> null;
                        default -> parser.getText();
                    });
                } else {
                    parser.skipChildren();
                }
            }
        } catch (IOException | RuntimeException e) {
            // A truncated or invalid message yields the fields read so far.
        }
        return fields;
    }

    private static final java.util.Set<String> REQUEST_FIELDS = java.util.Set.of("a", "c", "d", "v", "seq", "src", "id", "ch");
    /** Parses oversized messages for {@link #requestFields}: no length limits, since values are skipped. */
    private static final JsonFactory LENIENT_FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
            .build();

    public String encode(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("value cannot be encoded as JSON", e);
        }
    }

    static long utf8Length(String text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
