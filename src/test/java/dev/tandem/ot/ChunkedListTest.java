package dev.tandem.ot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ChunkedListTest {

    private static List<Object> numbers(int count) {
        return new ArrayList<>(IntStream.range(0, count).boxed().toList());
    }

    @Test
    void ofKeepsItemsInOrder() {
        List<Object> items = numbers(1_000);

        ChunkedList list = ChunkedList.of(items);

        assertThat(list).isEqualTo(items);
        assertThat(list.size()).isEqualTo(1_000);
        assertThat(list.get(0)).isEqualTo(0);
        assertThat(list.get(999)).isEqualTo(999);
        assertThat(new ArrayList<>(list)).isEqualTo(items);
    }

    @Test
    void randomEditsMatchArrayList() {
        Random random = new Random(7);
        List<Object> expected = numbers(300);
        ChunkedList list = ChunkedList.of(expected).copy();

        for (int step = 0; step < 5_000; step++) {
            int size = expected.size();
            int choice = random.nextInt(3);
            if (choice == 0 || size == 0) {
                int index = random.nextInt(size + 1);
                expected.add(index, -step);
                list.insert(index, -step);
            } else if (choice == 1) {
                int index = random.nextInt(size);
                assertThat(list.delete(index)).isEqualTo(expected.remove(index));
            } else {
                int index = random.nextInt(size);
                expected.set(index, step);
                list.replace(index, step);
            }
        }

        assertThat(list).isEqualTo(expected);
        assertThat(list.size()).isEqualTo(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            assertThat(list.get(i)).isEqualTo(expected.get(i));
        }
    }

    @Test
    void insertsPastOneChunkSplitIt() {
        ChunkedList list = ChunkedList.of(List.of()).copy();

        for (int i = 0; i < ChunkedList.MAX_CHUNK * 3; i++) {
            list.insert(i / 2, i);
        }

        List<Object> expected = new ArrayList<>();
        for (int i = 0; i < ChunkedList.MAX_CHUNK * 3; i++) {
            expected.add(i / 2, i);
        }
        assertThat(list).isEqualTo(expected);
    }

    @Test
    void deletingEveryItemLeavesEmptyList() {
        ChunkedList list = ChunkedList.of(numbers(500)).copy();

        for (int i = 0; i < 500; i++) {
            list.delete(list.size() / 2);
        }

        assertThat(list).isEmpty();
        assertThat(list.iterator().hasNext()).isFalse();
        list.insert(0, "again");
        assertThat(list).containsExactly("again");
    }

    @Test
    void copyEditsLeaveSourceUnchanged() {
        ChunkedList source = ChunkedList.of(numbers(1_000));

        ChunkedList copy = source.copy();
        copy.replace(10, "replaced");
        copy.insert(500, "inserted");
        copy.delete(999);
        ChunkedList copyOfCopy = copy.copy();
        copyOfCopy.replace(10, "again");

        assertThat(source).isEqualTo(numbers(1_000));
        assertThat(copy.get(10)).isEqualTo("replaced");
        assertThat(copy.get(500)).isEqualTo("inserted");
        assertThat(copy.size()).isEqualTo(1_000);
        assertThat(copyOfCopy.get(10)).isEqualTo("again");
    }

    @Test
    void listInterfaceIsUnmodifiable() {
        ChunkedList list = ChunkedList.of(numbers(3));

        assertThatThrownBy(() -> list.set(0, 9)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> list.add(9)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> list.remove(0)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void getOutOfRangeThrows() {
        ChunkedList list = ChunkedList.of(numbers(3));

        assertThatThrownBy(() -> list.get(3)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> list.get(-1)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void chunkLongListsReplacesOnlyLongLists() {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("inner", numbers(1_000));
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("short", numbers(3));
        document.put("items", new ArrayList<>(List.of(item)));

        Object result = ChunkedList.chunkLongLists(document);

        assertThat(result).isSameAs(document);
        assertThat(document.get("short")).isInstanceOf(ArrayList.class);
        assertThat(document.get("items")).isInstanceOf(ArrayList.class);
        assertThat(item.get("inner")).isInstanceOf(ChunkedList.class).isEqualTo(numbers(1_000));
        assertThat(ChunkedList.chunkLongLists(numbers(1_000))).isInstanceOf(ChunkedList.class);
    }
}
