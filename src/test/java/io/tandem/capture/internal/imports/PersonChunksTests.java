package io.tandem.capture.internal.imports;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class PersonChunksTests {

    static List<SheetRow> file(String... emailAndPhone) {
        List<SheetRow> rows = new ArrayList<>();
        for (int i = 0; i < emailAndPhone.length; i++) {
            String[] cells = emailAndPhone[i].split(",", -1);
            rows.add(new SheetRow(i + 2, List.of("name " + i, cells[0], cells[1])));
        }
        return rows;
    }

    static List<Integer> moved(PersonChunks chunks, int chunkNo) {
        return chunks.movedInto(chunkNo).stream().map(PersonChunks.Moved::index).toList();
    }

    @Test
    void laterRowsOfAPersonJoinTheChunkOfItsFirstRowInFileOrder() {
        List<SheetRow> rows = file(
                "a@x.cn,13900000001", "b@x.cn,",           // chunk 0
                "c@x.cn,", " A@X.CN ,",                     // chunk 1: row 3 is person a again
                ",+86 139-0000-0001", "d@x.cn,",            // chunk 2: row 4 is a by phone
                "b@x.cn,13900000009", "e@x.cn,");           // chunk 3: row 6 is b
        PersonChunks chunks = PersonChunks.plan(rows::iterator, List.of(1, 2), 2);

        assertThat(moved(chunks, 0)).containsExactly(3, 4, 6);
        assertThat(List.of(0, 1, 2, 5, 7)).allMatch(i -> !chunks.movesAway(i));
        assertThat(List.of(3, 4, 6)).allMatch(chunks::movesAway);
        assertThat(moved(chunks, 1)).isEmpty();
    }

    @Test
    void aRowThatJoinsTwoEarlierPeopleBringsTheLaterOneAlongWithARereadOfTheFile() {
        List<SheetRow> rows = file(
                "a@x.cn,", "x@x.cn,",                       // chunk 0
                "b@x.cn,", "y@x.cn,",                       // chunk 1: b looks new when read
                "a@x.cn,13900000002", "b@x.cn,13900000002");  // chunk 2: joins a and b
        int[] reads = { 0 };
        PersonChunks chunks = PersonChunks.plan(() -> {
            reads[0]++;
            return rows.iterator();
        }, List.of(1, 2), 2);

        assertThat(reads[0]).isEqualTo(2);
        assertThat(moved(chunks, 0)).containsExactly(2, 4, 5);
        assertThat(chunks.movesAway(2)).isTrue();
        assertThat(chunks.movesAway(3)).isFalse();
    }

    @Test
    void rowsWithoutKeysStayWhereTheyAre() {
        List<SheetRow> rows = file(",", ",", ",", "nonsense,12");
        PersonChunks chunks = PersonChunks.plan(rows::iterator, List.of(1, 2), 2);

        assertThat(List.of(0, 1, 2, 3)).noneMatch(chunks::movesAway);
    }

    @Test
    void rowsReadAheadOnAnotherThreadArriveAllAndInFileOrderAcrossBlocks() {
        List<SheetRow> rows = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            rows.add(new SheetRow(i + 2, List.of("row " + i)));
        }

        List<SheetRow> read = new ArrayList<>();
        PersonChunks.readAhead(rows.iterator()).forEachRemaining(read::add);

        assertThat(read).containsExactlyElementsOf(rows);
    }

    @Test
    void aRowThatCannotBeReadFailsTheCallerAfterTheRowsBeforeIt() {
        java.util.Iterator<SheetRow> failing = new java.util.Iterator<>() {
            int next;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public SheetRow next() {
                if (next == 1_500) {
                    throw new SpreadsheetProblem("file.unreadableAfter", 1_501, "not GBK");
                }
                return new SheetRow(next++ + 2, List.of("row"));
            }
        };

        java.util.Iterator<SheetRow> ahead = PersonChunks.readAhead(failing);
        int read = 0;
        Throwable failure = null;
        try {
            while (ahead.hasNext()) {
                ahead.next();
                read++;
            }
        } catch (SpreadsheetProblem e) {
            failure = e;
        }

        assertThat(failure).isInstanceOf(SpreadsheetProblem.class);
        assertThat(read).isEqualTo(1_500);
    }
}
