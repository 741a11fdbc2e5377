package dev.sockeye.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Base of tests that need a migrated store on a database of their own. */
public abstract class StoreTest {

    protected PolicyStore store;

    @BeforeEach
    void openFreshStore() {
        store = TestPostgres.freshStore();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }
}
