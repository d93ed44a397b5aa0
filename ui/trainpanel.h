#pragma once
// TrainPanel: the Train tab. On the left, the settings in plain words (quality and speed preset, picture
// size, keep structure ↔ allow bigger changes, keep colours, length, device, stop after N minutes) with
// the research settings in a collapsed Advanced section; validation messages, an estimate of the run's
// cost, and Start / Pause / Resume / Stop. On the right, the training's progress: the newest cycle
// preview large, earlier ones in a strip, and a time-lapse through them. Settings are locked while
// training. What each preset sets comes from the app (setPresets), which has it from the engine;
// Custom turns on the optional multi-scale and feature-space cycle losses, the other presets turn them
// off. UI thread; owned by the main window.

#include "ui/types.h"

#include <QWidget>

class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QHBoxLayout;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QSlider;
class QSpinBox;
class QTimer;
class QToolButton;

namespace ui {

class TrainPanel : public QWidget
{
    Q_OBJECT

public:
    explicit TrainPanel(QWidget *parent = nullptr);

    // The presets the form offers, with what each one sets.
    void setPresets(const QVector<PresetValues> &presets);
    TrainSettings settings() const;
    void setSettings(const TrainSettings &settings);
    void applyPreset(Preset preset);
    // Shows the multi-domain (StarGAN) settings instead of the CycleGAN ones; setSettings() follows
    // TrainSettings::multiDomain.
    void setMultiDomain(bool multiDomain);
    bool isMultiDomain() const { return m_multiDomain; }
    // Empty when the form is valid, else a sentence for the user.
    QString validationError() const;

    // With more than one CUDA GPU the Device setting offers "All GPUs (N)".
    void setGpuCount(int count);

    void setRunning(bool running);
    // What the settings will cost (from the app's worker); shown under the form with advice.
    void showEstimate(const ui::TrainEstimate &estimate);
    QString estimateText() const;
    void setPaused(bool paused);
    bool isRunning() const { return m_running; }

    // The Advanced section (network, loss weights, seed, threads, intervals): collapsed unless asked.
    void setAdvancedShown(bool shown);
    bool isAdvancedShown() const;

    // Progress on the Train tab: the newest preview, the strip of earlier ones, the time-lapse.
    void addPreview(qint64 iteration, const QImage &grid);
    void clearPreviews();
    int previewStripCount() const;
    qint64 shownPreviewIteration() const { return m_shownIteration; }
    void playTimeLapse(bool play);
    bool isPlayingTimeLapse() const;

    QPushButton *startButton() const { return m_start; }
    QPushButton *pauseButton() const { return m_pause; }
    QPushButton *stopButton() const { return m_stop; }

protected:
    void resizeEvent(QResizeEvent *event) override;

Q_SIGNALS:
    void startRequested(const ui::TrainSettings &settings);
    void pauseRequested(bool pause);
    void stopRequested();
    void settingsEdited(); // by the user, not by setSettings()
    // Debounced: the settings changed and are valid; the app answers with showEstimate().
    void estimateRequested(const ui::TrainSettings &settings);

private:
    void createNetworkRows();
    void createLossRows();
    void createRunRows();
    QWidget *createProgressPane();
    void showStripItem(int row);
    void setRowShown(QWidget *field, bool shown);
    QHBoxLayout *createButtons();
    void connectEdits();
    void updateValidation();
    void edited();
    void setLossOptions(const QVector<double> &weights, double lambdaFeature, const QString &featureNetwork);
    QVector<double> cycleWeights(bool *ok = nullptr) const;
    void updateLossControls();
    void showFineTuning(const TrainSettings &settings);
    bool seedValue(quint64 *seed) const;

    QComboBox *m_preset, *m_ganMode, *m_device;
    QSpinBox *m_size, *m_ngf, *m_blocks, *m_batch, *m_epochs, *m_epochsDecay, *m_threads, *m_previewEvery, *m_checkpointEvery;
    QLineEdit *m_seed;
    QDoubleSpinBox *m_lambdaCycle, *m_lambdaIdentity;
    QLabel *m_message, *m_estimate, *m_fineTuning;
    // Optional cycle losses: pyramid levels and their weights, feature weight and network.
    QSpinBox *m_cycleLevels;
    QLineEdit *m_cycleWeights, *m_featureNetwork;
    QDoubleSpinBox *m_lambdaFeature;
    QPushButton *m_featureBrowse;
    QLabel *m_featureInfo;
    QSpinBox *m_nCritic;
    QFormLayout *m_form, *m_advancedForm;
    QWidget *m_advanced;
    QToolButton *m_advancedToggle;
    QSlider *m_structure;
    QSpinBox *m_stopAfter;
    QLabel *m_preview, *m_previewCaption;
    QListWidget *m_strip;
    QPushButton *m_timeLapse;
    QTimer *m_timeLapseTimer;
    QVector<QPair<qint64, QImage>> m_previews;
    qint64 m_shownIteration = -1;
    bool m_multiDomain = false;
    int m_cycleRow = 0, m_featureRow = 0;
    QTimer *m_estimateTimer;
    QPushButton *m_start, *m_pause, *m_stop;
    QVector<PresetValues> m_presets;
    TrainSettings m_loaded; // what setSettings() gave, for the fields the form does not edit
    bool m_running = false, m_paused = false, m_applyingPreset = false, m_loading = false;
};

} // namespace ui
