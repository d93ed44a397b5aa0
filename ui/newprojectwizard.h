#pragma once
// NewProjectWizard: File → New Project… for an artist. Three pages:
//   1. Your two styles: a name and a drop zone per style, with the number of pictures found and advice
//      on how many work well.
//   2. How long to train: about 15 minutes, an hour, overnight, until I stop it, or Custom (every
//      setting by hand). The app measures this computer's speed for the presets (estimatesRequested →
//      setEstimates); the wizard picks the preset and schedule that fit the time (planFor) and says what
//      quality to expect.
//   3. Where to keep it, and a summary with the estimate; Create.
// The app creates the project from request(). UI thread.

#include "ui/format.h"
#include "ui/types.h"

#include <QWizard>

class QButtonGroup;
class QLabel;
class QLineEdit;

namespace ui {

class StyleDropZone;

struct NewProjectRequest
{
    QString dir;            // the project folder to create (it must not exist yet)
    StyleNames names;
    QStringList sourcesA, sourcesB;
    TrainSettings settings; // with the preset, size and schedule chosen for the time
    bool custom = false;    // the user sets everything on the Train tab
    int minutes = 0;        // the time asked for; 0: until stopped (or custom)
};

// What a preset and schedule make of a time budget.
struct TimePlan
{
    Preset preset = Preset::Sketch;
    int size = 0;
    int epochs = 1, epochsDecay = 1;
    qint64 iterations = 0;
    double seconds = 0;    // the whole schedule at the measured speed
    QString quality;       // what to expect, in a sentence
    bool valid() const { return iterations > 0; }
};

class NewProjectWizard : public QWizard
{
    Q_OBJECT

public:
    enum class Duration { QuarterHour, Hour, Overnight, UntilStopped, Custom };

    // presets: what Sketch, Quick and Standard set; defaults: the settings a new project starts from
    // (device, intervals, seed, losses); parentDir: where the project folder goes unless the user says.
    NewProjectWizard(const FileTypes &types, const QVector<PresetValues> &presets, const TrainSettings &defaults,
                     const QString &parentDir, QWidget *parent = nullptr);

    NewProjectRequest request() const;
    // Adds folders or files to style 0 (A) or 1 (B), as a drop does.
    void addSources(int style, const QStringList &paths);
    int imageCount(int style) const;
    void setStyleName(int style, const QString &name);
    void setDuration(Duration duration);
    Duration duration() const;
    // The measured cost of Sketch, Quick and Standard (in that order) on the domains given, from the app.
    void setEstimates(const QVector<TrainEstimate> &estimates);
    bool hasEstimates() const { return !m_estimates.isEmpty(); }
    TimePlan plan() const;
    QString summary() const;

    // The preset and schedule that fit `minutes` (0: the preset's full schedule, no limit): the largest
    // preset that reaches kEnoughIterations in the time, else the smallest; epochs split half constant,
    // half decaying, as the reference schedules them.
    static TimePlan planFor(int minutes, const QVector<PresetValues> &presets, const QVector<TrainEstimate> &estimates,
                            const TrainSettings &defaults);
    static constexpr qint64 kEnoughIterations = 3000;
    static QString qualityFor(qint64 iterations);

Q_SIGNALS:
    // Sketch, Quick and Standard on the chosen pictures; answered with setEstimates().
    void estimatesRequested(const QVector<ui::TrainSettings> &settings, int imagesA, int imagesB);

private:
    QWizardPage *createStylesPage();
    QWizardPage *createTimePage();
    QWizardPage *createPlacePage();
    void refreshPlan();
    TrainSettings presetSettings(Preset preset) const;
    int minutesFor(Duration duration) const;

    FileTypes m_types;
    QVector<PresetValues> m_presets;
    TrainSettings m_defaults;
    QVector<TrainEstimate> m_estimates;
    QLineEdit *m_names[2] = {nullptr, nullptr};
    StyleDropZone *m_zones[2] = {nullptr, nullptr};
    QLabel *m_namesProblem = nullptr;
    QButtonGroup *m_durations = nullptr;
    QLabel *m_planText = nullptr;
    QLineEdit *m_projectName = nullptr, *m_parentDir = nullptr;
    QLabel *m_summary = nullptr;
};

} // namespace ui
