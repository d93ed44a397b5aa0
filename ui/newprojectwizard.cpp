#include "ui/newprojectwizard.h"

#include <QButtonGroup>
#include <QDir>
#include <QDirIterator>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

#include <cmath>
#include <functional>

namespace ui {

// A style's drop zone: folders or pictures dropped (or chosen) on it, and how many pictures they hold.
class StyleDropZone : public QFrame
{
    Q_OBJECT

public:
    StyleDropZone(const FileTypes &types, QWidget *parent) : QFrame(parent), m_types(types)
    {
        setAcceptDrops(true);
        setFrameShape(QFrame::StyledPanel);
        setFrameShadow(QFrame::Sunken);
        setMinimumHeight(110);
        m_text = new QLabel(this);
        m_text->setAlignment(Qt::AlignCenter);
        m_text->setWordWrap(true);
        auto *choose = new QPushButton(tr("Choose Folder…"), this);
        connect(choose, &QPushButton::clicked, this, [this] {
            const QString dir = QFileDialog::getExistingDirectory(this, tr("A folder of pictures"), QDir::homePath());
            if (!dir.isEmpty())
                add({dir});
        });
        auto *layout = new QVBoxLayout(this);
        layout->addWidget(m_text, 1);
        layout->addWidget(choose, 0, Qt::AlignHCenter);
        refresh();
    }

    void add(const QStringList &paths)
    {
        for (const auto &p : paths) {
            const QString path = QFileInfo(p).absoluteFilePath();
            if (m_sources.contains(path))
                continue;
            if (QFileInfo(p).isDir()) {
                QDirIterator it(path, QDir::Files, QDirIterator::Subdirectories);
                while (it.hasNext())
                    m_count += m_types.isImage(it.next()) ? 1 : 0;
                m_sources << path;
            } else if (m_types.isImage(p)) {
                ++m_count;
                m_sources << path;
            }
        }
        refresh();
        Q_EMIT changed();
    }
    QStringList sources() const { return m_sources; }
    int count() const { return m_count; }

Q_SIGNALS:
    void changed();

protected:
    void dragEnterEvent(QDragEnterEvent *event) override
    {
        if (event->mimeData()->hasUrls())
            event->acceptProposedAction();
    }
    void dropEvent(QDropEvent *event) override
    {
        QStringList paths;
        for (const auto &url : event->mimeData()->urls())
            if (url.isLocalFile())
                paths << url.toLocalFile();
        add(paths);
        event->acceptProposedAction();
    }

private:
    void refresh()
    {
        if (m_sources.isEmpty())
            m_text->setText(tr("Drop a folder of pictures here"));
        else
            m_text->setText(tr("<b>%n picture(s)</b> in %1", nullptr, m_count)
                                .arg(m_sources.size() == 1 ? QDir::toNativeSeparators(m_sources.first()) : tr("%1 places").arg(m_sources.size())));
    }

    FileTypes m_types;
    QStringList m_sources;
    int m_count = 0;
    QLabel *m_text;
};

namespace {
// A page whose Next button follows a condition.
class CheckedPage : public QWizardPage
{
public:
    explicit CheckedPage(std::function<bool()> complete) : m_complete(std::move(complete)) {}
    bool isComplete() const override { return m_complete(); }
    void changed() { Q_EMIT completeChanged(); }
    std::function<void()> onShow;
    void initializePage() override
    {
        if (onShow)
            onShow();
    }

private:
    std::function<bool()> m_complete;
};

const Preset kPlanPresets[] = {Preset::Sketch, Preset::Quick, Preset::Standard};
} // namespace

NewProjectWizard::NewProjectWizard(const FileTypes &types, const QVector<PresetValues> &presets, const TrainSettings &defaults,
                                   const QString &parentDir, QWidget *parent)
    : QWizard(parent), m_types(types), m_presets(presets), m_defaults(defaults)
{
    setObjectName(QStringLiteral("newProjectWizard"));
    setWindowTitle(tr("New Project"));
    setWizardStyle(QWizard::ClassicStyle);
    setOption(QWizard::NoBackButtonOnStartPage);
    setButtonText(QWizard::FinishButton, tr("Create"));
    addPage(createStylesPage());
    addPage(createTimePage());
    addPage(createPlacePage());
    m_parentDir->setText(QDir::toNativeSeparators(parentDir));
    resize(680, 520);
}

QWizardPage *NewProjectWizard::createStylesPage()
{
    auto *page = new CheckedPage([this] {
        return m_zones[0]->count() > 0 && m_zones[1]->count() > 0 &&
               styleNamesProblem(m_names[0]->text().trimmed(), m_names[1]->text().trimmed()).isEmpty();
    });
    page->setTitle(tr("Your two styles"));
    page->setSubTitle(tr("Name the style you start from and the style to learn, and give each a folder of pictures."));
    auto *grid = new QGridLayout;
    const QString placeholders[2] = {tr("for example Photos"), tr("for example Watercolours")};
    const QString headings[2] = {tr("From"), tr("To")};
    for (int i = 0; i < 2; ++i) {
        m_names[i] = new QLineEdit(page);
        m_names[i]->setObjectName(QStringLiteral("wizardName%1").arg(QLatin1Char(i == 0 ? 'A' : 'B')));
        m_names[i]->setPlaceholderText(placeholders[i]);
        m_names[i]->setMaxLength(40);
        m_zones[i] = new StyleDropZone(m_types, page);
        m_zones[i]->setObjectName(QStringLiteral("wizardDrop%1").arg(QLatin1Char(i == 0 ? 'A' : 'B')));
        grid->addWidget(new QLabel(QStringLiteral("<b>%1</b>").arg(headings[i]), page), 0, i);
        grid->addWidget(m_names[i], 1, i);
        grid->addWidget(m_zones[i], 2, i);
        connect(m_names[i], &QLineEdit::textChanged, page, [this, page] {
            m_namesProblem->setText(styleNamesProblem(m_names[0]->text().trimmed(), m_names[1]->text().trimmed()));
            page->changed();
        });
        connect(m_zones[i], &StyleDropZone::changed, page, [this, page] {
            m_estimates.clear(); // the schedule depends on the number of pictures
            page->changed();
        });
    }
    m_namesProblem = new QLabel(page);
    m_namesProblem->setStyleSheet(QStringLiteral("color: #c0392b"));
    auto *advice = new QLabel(tr("Between 100 and 1000 pictures of each style work well; 20 are enough for a first try. "
                                 "The pictures need not match up or have the same size. Your files are never changed."),
                              page);
    advice->setWordWrap(true);
    auto *layout = new QVBoxLayout(page);
    layout->addLayout(grid, 1);
    layout->addWidget(m_namesProblem);
    layout->addWidget(advice);
    return page;
}

QWizardPage *NewProjectWizard::createTimePage()
{
    auto *page = new CheckedPage([] { return true; });
    page->setTitle(tr("How long to train"));
    page->setSubTitle(tr("CycleStudio picks the picture size and schedule that fit the time on this computer. "
                         "You can stop early, or train longer later."));
    m_durations = new QButtonGroup(page);
    auto *layout = new QVBoxLayout(page);
    const std::pair<Duration, QString> choices[] = {{Duration::QuarterHour, tr("About 15 minutes: a first look")},
                                                    {Duration::Hour, tr("About an hour")},
                                                    {Duration::Overnight, tr("Overnight (8 hours)")},
                                                    {Duration::UntilStopped, tr("Until I stop it: the full schedule")},
                                                    {Duration::Custom, tr("Custom: I will choose every setting myself")}};
    for (const auto &[d, text] : choices) {
        auto *radio = new QRadioButton(text, page);
        radio->setObjectName(QStringLiteral("duration%1").arg(int(d)));
        m_durations->addButton(radio, int(d));
        layout->addWidget(radio);
    }
    m_durations->button(int(Duration::Hour))->setChecked(true);
    m_planText = new QLabel(page);
    m_planText->setObjectName(QStringLiteral("planText"));
    m_planText->setWordWrap(true);
    m_planText->setMinimumHeight(80);
    layout->addSpacing(12);
    layout->addWidget(m_planText);
    layout->addStretch();
    connect(m_durations, &QButtonGroup::idToggled, this, [this](int, bool on) {
        if (on)
            refreshPlan();
    });
    page->onShow = [this] {
        refreshPlan();
        if (m_estimates.isEmpty()) {
            QVector<TrainSettings> settings;
            for (auto preset : kPlanPresets)
                settings << presetSettings(preset);
            Q_EMIT estimatesRequested(settings, imageCount(0), imageCount(1));
        }
    };
    return page;
}

QWizardPage *NewProjectWizard::createPlacePage()
{
    auto *page = new CheckedPage([this] {
        return !m_projectName->text().trimmed().isEmpty() && !m_parentDir->text().trimmed().isEmpty() && !QFileInfo::exists(request().dir);
    });
    page->setTitle(tr("Where to keep it"));
    page->setSubTitle(tr("The project folder holds the settings, the training's progress, previews and models; your pictures stay where they are."));
    m_projectName = new QLineEdit(page);
    m_projectName->setObjectName(QStringLiteral("wizardProjectName"));
    m_parentDir = new QLineEdit(page);
    auto *browse = new QPushButton(tr("Browse…"), page);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Where to keep the project"), m_parentDir->text());
        if (!dir.isEmpty())
            m_parentDir->setText(QDir::toNativeSeparators(dir));
    });
    auto *where = new QHBoxLayout;
    where->addWidget(m_parentDir, 1);
    where->addWidget(browse);
    auto *form = new QFormLayout;
    form->addRow(tr("Project name:"), m_projectName);
    form->addRow(tr("In the folder:"), where);
    m_summary = new QLabel(page);
    m_summary->setObjectName(QStringLiteral("wizardSummary"));
    m_summary->setWordWrap(true);
    auto *layout = new QVBoxLayout(page);
    layout->addLayout(form);
    layout->addSpacing(12);
    layout->addWidget(m_summary, 1);
    auto refresh = [this, page] {
        m_summary->setText(summary());
        page->changed();
    };
    connect(m_projectName, &QLineEdit::textChanged, page, refresh);
    connect(m_parentDir, &QLineEdit::textChanged, page, refresh);
    page->onShow = [this, refresh] {
        if (m_projectName->text().isEmpty()) {
            const auto names = request().names;
            m_projectName->setText(names.isNamed() ? tr("%1 to %2").arg(names.a, names.b) : tr("Untitled project"));
        }
        refresh();
    };
    return page;
}

void NewProjectWizard::addSources(int style, const QStringList &paths) { m_zones[std::clamp(style, 0, 1)]->add(paths); }
int NewProjectWizard::imageCount(int style) const { return m_zones[std::clamp(style, 0, 1)]->count(); }
void NewProjectWizard::setStyleName(int style, const QString &name) { m_names[std::clamp(style, 0, 1)]->setText(name); }
void NewProjectWizard::setDuration(Duration d) { m_durations->button(int(d))->setChecked(true); }
NewProjectWizard::Duration NewProjectWizard::duration() const { return Duration(m_durations->checkedId()); }

void NewProjectWizard::setEstimates(const QVector<TrainEstimate> &estimates)
{
    m_estimates = estimates;
    refreshPlan();
    if (m_summary)
        m_summary->setText(summary());
}

int NewProjectWizard::minutesFor(Duration d) const
{
    switch (d) {
    case Duration::QuarterHour: return 15;
    case Duration::Hour: return 60;
    case Duration::Overnight: return 8 * 60;
    default: return 0;
    }
}

TrainSettings NewProjectWizard::presetSettings(Preset preset) const
{
    TrainSettings s = m_defaults;
    s.preset = preset;
    for (const auto &p : m_presets)
        if (p.preset == preset) {
            s.size = p.size;
            s.ngf = p.ngf;
            s.blocks = p.blocks;
            s.cyclePyramidWeights = p.cyclePyramidWeights;
            s.lambdaFeature = p.lambdaFeature;
        }
    return s;
}

QString NewProjectWizard::qualityFor(qint64 iterations)
{
    if (iterations < 1000)
        return tr("A first impression: the new style's colours and rough textures; shapes stay blurry.");
    if (iterations < 5000)
        return tr("The new style's colours and textures on the main shapes; fine details stay soft.");
    return tr("The style in detail, as far as your pictures allow.");
}

TimePlan NewProjectWizard::planFor(int minutes, const QVector<PresetValues> &presets, const QVector<TrainEstimate> &estimates,
                                   const TrainSettings &defaults)
{
    TimePlan best;
    const int budgetMinutes = minutes > 0 ? minutes : 8 * 60; // the full schedule: chosen as for a night
    for (int i = 0; i < estimates.size() && i < int(std::size(kPlanPresets)); ++i) {
        const auto &e = estimates[i];
        const int scheduledEpochs = std::max(1, defaults.epochs + defaults.epochsDecay);
        if (!e.error.isEmpty() || e.secondsPerIteration <= 0 || e.totalIterations <= 0)
            continue;
        TimePlan plan;
        plan.preset = kPlanPresets[i];
        for (const auto &p : presets)
            if (p.preset == plan.preset)
                plan.size = p.size;
        const qint64 perEpoch = std::max<qint64>(1, e.totalIterations / scheduledEpochs);
        const qint64 affordable = qint64(budgetMinutes * 60.0 / e.secondsPerIteration);
        const bool enough = affordable >= kEnoughIterations;
        if (best.valid() && !enough)
            continue; // this preset would not get far enough in the time
        if (minutes > 0) {
            const int epochsTotal = int(std::max<qint64>(2, (affordable + perEpoch / 2) / perEpoch));
            plan.epochs = (epochsTotal + 1) / 2;
            plan.epochsDecay = epochsTotal - plan.epochs;
        } else {
            plan.epochs = defaults.epochs;
            plan.epochsDecay = defaults.epochsDecay;
        }
        plan.iterations = perEpoch * (plan.epochs + plan.epochsDecay);
        plan.seconds = double(plan.iterations) * e.secondsPerIteration;
        plan.quality = qualityFor(plan.iterations);
        best = plan; // the smallest preset, or a larger one that gets far enough
    }
    return best;
}

TimePlan NewProjectWizard::plan() const
{
    if (duration() == Duration::Custom)
        return {};
    TrainSettings base = presetSettings(Preset::Sketch);
    return planFor(minutesFor(duration()), m_presets, m_estimates, base);
}

namespace {
QString presetName(Preset p)
{
    switch (p) {
    case Preset::Sketch: return NewProjectWizard::tr("Sketch");
    case Preset::Quick: return NewProjectWizard::tr("Quick");
    case Preset::Standard: return NewProjectWizard::tr("Standard");
    default: return NewProjectWizard::tr("Custom");
    }
}
} // namespace

void NewProjectWizard::refreshPlan()
{
    if (!m_planText)
        return;
    if (duration() == Duration::Custom) {
        m_planText->setText(tr("The project starts with the settings that suit this computer; the Train tab shows every setting, "
                               "with the advanced ones open."));
        return;
    }
    if (m_estimates.isEmpty()) {
        m_planText->setText(tr("Measuring this computer's speed…"));
        return;
    }
    const TimePlan p = plan();
    if (!p.valid()) {
        m_planText->setText(tr("No estimate: %1").arg(m_estimates.value(0).error));
        return;
    }
    m_planText->setText(tr("<b>%1</b> preset, pictures of %2 px, %3 steps in about %4 on %5.<br>What to expect: %6")
                            .arg(presetName(p.preset))
                            .arg(p.size)
                            .arg(p.iterations)
                            .arg(formatDuration(p.seconds))
                            .arg(m_estimates.value(0).device)
                            .arg(p.quality));
}

NewProjectRequest NewProjectWizard::request() const
{
    NewProjectRequest r;
    r.names = {m_names[0]->text().trimmed(), m_names[1]->text().trimmed()};
    r.sourcesA = m_zones[0]->sources();
    r.sourcesB = m_zones[1]->sources();
    r.custom = duration() == Duration::Custom;
    r.minutes = minutesFor(duration());
    const TimePlan p = plan();
    if (p.valid()) {
        r.settings = presetSettings(p.preset);
        r.settings.epochs = p.epochs;
        r.settings.epochsDecay = p.epochsDecay;
    } else {
        r.settings = m_defaults;
    }
    if (m_projectName && m_parentDir && !m_projectName->text().trimmed().isEmpty())
        r.dir = QDir(QDir::fromNativeSeparators(m_parentDir->text().trimmed())).filePath(m_projectName->text().trimmed());
    return r;
}

QString NewProjectWizard::summary() const
{
    const auto r = request();
    if (!r.dir.isEmpty() && QFileInfo::exists(r.dir))
        return tr("There is already a folder called “%1” there; choose another name.").arg(QFileInfo(r.dir).fileName());
    QString text = tr("<p><b>%1</b>: %n picture(s)", nullptr, imageCount(0)).arg(r.names.a.isEmpty() ? tr("Style A") : r.names.a.toHtmlEscaped());
    text += tr("<br><b>%1</b>: %n picture(s)</p>", nullptr, imageCount(1)).arg(r.names.b.isEmpty() ? tr("Style B") : r.names.b.toHtmlEscaped());
    const TimePlan p = plan();
    if (r.custom || !p.valid())
        text += tr("<p>Settings: chosen on the Train tab.</p>");
    else
        text += tr("<p>%1 preset, pictures of %2 px, %3 steps, about %4.</p><p>What to expect: %5</p>")
                    .arg(presetName(p.preset))
                    .arg(p.size)
                    .arg(p.iterations)
                    .arg(formatDuration(p.seconds))
                    .arg(p.quality);
    text += tr("<p>The project is created in %1. Press Create, then Start on the Train tab.</p>").arg(QDir::toNativeSeparators(r.dir).toHtmlEscaped());
    return text;
}

} // namespace ui

#include "newprojectwizard.moc"
