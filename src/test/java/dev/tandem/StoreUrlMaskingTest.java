package dev.tandem;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StoreUrlMaskingTest {

    @Test
    void passwordIsMasked() {
        assertThat(Node.withoutPassword("postgresql://tandem:s3cr:et@db.example.com:5432/tandem"))
                .isEqualTo("postgresql://tandem:***@db.example.com:5432/tandem");
    }

    @Test
    void urlsWithoutPasswordAreKept() {
        assertThat(Node.withoutPassword("postgresql://postgres@127.0.0.1:5432/test"))
                .isEqualTo("postgresql://postgres@127.0.0.1:5432/test");
        assertThat(Node.withoutPassword("postgresql://127.0.0.1:5432/test")).isEqualTo("postgresql://127.0.0.1:5432/test");
    }
}
