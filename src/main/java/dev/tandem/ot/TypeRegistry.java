package dev.tandem.ot;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

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

    /**
     * Returns the registry of every type Tandem implements. json0 finds its embedded types in this
     * same registry, by name, when an op uses them.
     */
    public static TypeRegistry standard() {
        AtomicReference<TypeRegistry> registry = new AtomicReference<>();
        Json0Type json0 = new Json0Type(name -> registry.get().find(name));
        registry.set(new TypeRegistry(List.of(new TextUnicodeType(), json0, new RichTextType())));
        return registry.get();
    }

    public Optional<OtType> find(String nameOrUri) {
        return Optional.ofNullable(nameOrUri == null ? null : byNameOrUri.get(nameOrUri));
    }

    public List<OtType> types() {
        return types;
    }
}
