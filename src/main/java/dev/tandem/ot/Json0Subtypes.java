package dev.tandem.ot;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/** Looks up the OT type of an embedded {@code t}/{@code o} component by name, each time it is needed. */
final class Json0Subtypes {

    private final Function<String, Optional<OtType>> lookup;

    Json0Subtypes(Function<String, Optional<OtType>> lookup) {
        this.lookup = Objects.requireNonNull(lookup, "lookup");
    }

    /** Returns the subtype named {@code name}; {@code index} names the component in error messages. */
    OtType resolve(String name, int index) {
        if (name.equals("text0")) {
            throw OtException.badlyFormed("component " + index + ": the embedded subtype text0 is not supported;"
                    + " send its edits as si and sd components, which have the same meaning");
        }
        Optional<OtType> type = lookup.apply(name);
        if (type == null || type.isEmpty()) {
            throw OtException.badlyFormed("component " + index + ": unknown embedded subtype "
                    + JsonValues.describe(name) + "; register that type on the server");
        }
        return type.get();
    }
}
