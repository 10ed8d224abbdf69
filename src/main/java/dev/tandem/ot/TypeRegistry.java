package dev.tandem.ot;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The OT types a node accepts, looked up by short name or URI. */
public final class TypeRegistry {

    private final Map<String, OtType> byNameOrUri = new LinkedHashMap<>();
    private final List<OtType> types;

    public TypeRegistry(List<OtType> types) {
        this.types = List.copyOf(types);
        for (OtType type : types) {
            byNameOrUri.put(type.name(), type);
            byNameOrUri.put(type.uri(), type);
        }
    }

    /** Returns the registry of every type Tandem implements. */
    public static TypeRegistry standard() {
        return new TypeRegistry(List.of(new TextUnicodeType(), new RichTextType()));
    }

    public Optional<OtType> find(String nameOrUri) {
        return Optional.ofNullable(nameOrUri == null ? null : byNameOrUri.get(nameOrUri));
    }

    public List<OtType> types() {
        return types;
    }
}
