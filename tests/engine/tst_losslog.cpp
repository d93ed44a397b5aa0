// LossLog: columns by name, empty cells for losses a row lacks, a log with other columns rewritten by
// name, trimming after a resumed checkpoint, and reading it back.

#include "engine/training/losslog.h"
#include "tests/testdata.h"

#include <QtTest/QtTest>

#include <cmath>
#include <fstream>
#include <sstream>

using namespace engine;
namespace fs = std::filesystem;

class TestLossLog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void writesColumnsByName();
    void rewritesAnOlderLogByName();
    void trimDropsRowsAfterTheCheckpoint();
    void readsBackWhatWasWritten();
    void missingAndMalformedLogs();

private:
    static std::string read(const fs::path &p)
    {
        std::ifstream in(p);
        std::stringstream s;
        s << in.rdbuf();
        return s.str();
    }
    static LossValues values(std::initializer_list<std::pair<const char *, double>> list)
    {
        LossValues v;
        for (const auto &[n, x] : list)
            v.add(n, x);
        return v;
    }
    QTemporaryDir m_dir;
};

void TestLossLog::writesColumnsByName()
{
    const auto file = testdata::path(m_dir, "a.csv");
    {
        LossLog log(file, {"G", "D"});
        log.append(1, 1, values({{"D", 0.5}, {"G", 2}})); // order of the row does not matter
        log.append(2, 1, values({{"D", 0.25}}));           // G missing: empty cell
        log.append(3, 2, values({{"G", std::nan("")}, {"D", 1}}));
    }
    QCOMPARE(read(file), std::string("iteration,epoch,G,D\n1,1,2,0.5\n2,1,,0.25\n3,2,,1\n"));
}

void TestLossLog::rewritesAnOlderLogByName()
{
    const auto file = testdata::path(m_dir, "b.csv");
    std::ofstream(file) << "iteration,epoch,G,D,old\n1,1,2,0.5,9\n";
    {
        LossLog log(file, {"D", "new", "G"});
        log.append(2, 1, values({{"D", 1}, {"new", 3}, {"G", 4}}));
    }
    // The new columns in the new order, the old one kept at the end, old rows matched by name.
    QCOMPARE(read(file), std::string("iteration,epoch,D,new,G,old\n1,1,0.5,,2,9\n2,1,1,3,4\n"));
}

void TestLossLog::trimDropsRowsAfterTheCheckpoint()
{
    const auto file = testdata::path(m_dir, "c.csv");
    std::ofstream(file) << "iteration,epoch,G\n1,1,1\n2,1,2\n3,1,3\n4,1,4\n";
    trimLossLog(file, 2);
    QCOMPARE(read(file), std::string("iteration,epoch,G\n1,1,1\n2,1,2\n"));
    trimLossLog(file, 10); // nothing after 10: unchanged
    QCOMPARE(read(file), std::string("iteration,epoch,G\n1,1,1\n2,1,2\n"));
    trimLossLog(testdata::path(m_dir, "missing.csv"), 0); // no file: nothing to do
}

void TestLossLog::readsBackWhatWasWritten()
{
    const auto file = testdata::path(m_dir, "d.csv");
    {
        LossLog log(file, {"G_A", "D_A"});
        log.append(1, 1, values({{"G_A", 1.5}, {"D_A", 0.25}}));
        log.append(2, 3, values({{"D_A", 0.125}}));
    }
    const auto history = readLossLog(file);
    QCOMPARE(history.names, (std::vector<std::string>{"G_A", "D_A"}));
    QCOMPARE(history.rows.size(), size_t(2));
    QCOMPARE(history.rows[0].iteration, std::int64_t(1));
    QCOMPARE(history.rows[0].values[0], 1.5);
    QCOMPARE(history.rows[0].values[1], 0.25);
    QCOMPARE(history.rows[1].epoch, 3);
    QVERIFY(std::isnan(history.rows[1].values[0]));
    QCOMPARE(history.rows[1].values[1], 0.125);
}

void TestLossLog::missingAndMalformedLogs()
{
    QVERIFY(readLossLog(testdata::path(m_dir, "none.csv")).rows.empty());
    const auto file = testdata::path(m_dir, "e.csv");
    std::ofstream(file) << "iteration,epoch,G\n1,1,1\nx,1,2\n3\n4,1,zz\n5,2,5\n";
    const auto history = readLossLog(file);
    QCOMPARE(history.rows.size(), size_t(3)); // "x" and the short row are skipped
    QVERIFY(std::isnan(history.rows[1].values[0])); // a cell that is not a number reads as missing
    QCOMPARE(history.rows[2].iteration, std::int64_t(5));
}

QTEST_APPLESS_MAIN(TestLossLog)
#include "tst_losslog.moc"
