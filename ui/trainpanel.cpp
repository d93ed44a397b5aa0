#include "ui/trainpanel.h"

#include "ui/estimatetext.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSlider>
#include <QToolButton>
#include <QRegularExpressionValidator>
#include <QSpinBox>
#include <QThread>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>

namespace ui {

namespace {

QSpinBox *spin(QWidget *parent, int lo, int hi, int step, const QString &tip)
{
    auto *s = new QSpinBox(parent);
    s->setRange(lo, hi);
    s->setSingleStep(step);
    s->setToolTip(tip);
    return s;
}

QString presetLabel(const PresetValues &p)
{
    switch (p.preset) {
    case Preset::Sketch: return TrainPanel::tr("Sketch — %1 px, fast on a CPU").arg(p.size);
    case Preset::Quick: return TrainPanel::tr("Quick — %1 px").arg(p.size);
    case Preset::Standard: return TrainPanel::tr("Standard — the paper's %1 px (GPU)").arg(p.size);
    case Preset::Custom: break;
    }
    return TrainPanel::tr("Custom");
}

} // namespace

TrainPanel::TrainPanel(QWidget *parent) : QWidget(parent)
{
    m_fineTuning = new QLabel(this);
    m_fineTuning->setWordWrap(true);
    m_fineTuning->setVisible(false);
    m_form = new QFormLayout;
    m_preset = new QComboBox(this);
    m_preset->setToolTip(tr("A preset fills in every setting for a balance of quality and speed"));
    m_form->addRow(tr("Quality and speed:"), m_preset);
    m_advanced = new QWidget(this);
    m_advanced->setObjectName(QStringLiteral("advancedSettings"));
    m_advancedForm = new QFormLayout(m_advanced);
    m_advancedForm->setContentsMargins(0, 0, 0, 0);
    createNetworkRows();
    createLossRows();
    createRunRows();
    m_advancedToggle = new QToolButton(this);
    m_advancedToggle->setObjectName(QStringLiteral("advancedToggle"));
    m_advancedToggle->setText(tr("Advanced"));
    m_advancedToggle->setToolTip(tr("The research settings: network size, loss weights, seed, threads and intervals"));
    m_advancedToggle->setCheckable(true);
    m_advancedToggle->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_advancedToggle->setAutoRaise(true);
    connect(m_advancedToggle, &QToolButton::toggled, this, &TrainPanel::setAdvancedShown);

    m_message = new QLabel(this);
    m_message->setWordWrap(true);
    m_message->setStyleSheet(QStringLiteral("color: #c0392b"));
    m_estimate = new QLabel(this);
    m_estimate->setWordWrap(true);
    m_estimate->setTextFormat(Qt::RichText);
    m_estimate->setToolTip(tr("Estimated from the network's size and a short measurement of this device"));
    m_estimateTimer = new QTimer(this);
    m_estimateTimer->setSingleShot(true);
    m_estimateTimer->setInterval(400);
    connect(m_estimateTimer, &QTimer::timeout, this, [this] {
        if (validationError().isEmpty() && !m_running)
            Q_EMIT estimateRequested(settings());
    });

    // The settings scroll when the window is small; the progress pane takes the rest.
    auto *settingsPane = new QWidget(this);
    auto *column = new QVBoxLayout(settingsPane);
    column->addWidget(m_fineTuning);
    column->addLayout(m_form);
    column->addWidget(m_advancedToggle, 0, Qt::AlignLeft);
    column->addWidget(m_advanced);
    column->addWidget(m_message);
    column->addWidget(m_estimate);
    column->addStretch();
    auto *scroll = new QScrollArea(this);
    scroll->setObjectName(QStringLiteral("settingsScroll"));
    scroll->setWidget(settingsPane);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    auto *left = new QVBoxLayout;
    left->addWidget(scroll, 1);
    left->addLayout(createButtons());
    auto *layout = new QHBoxLayout(this);
    layout->addLayout(left, 0);
    layout->addWidget(createProgressPane(), 1);
    // The settings keep the width their form needs (with room for a scroll bar); the progress pane takes
    // what is left, so nothing is cut off in a small window.
    scroll->setMinimumWidth(settingsPane->sizeHint().width() + scroll->verticalScrollBar()->sizeHint().width() + 4);
    setAdvancedShown(false);
    connectEdits();
    setRunning(false);
}

void TrainPanel::setAdvancedShown(bool shown)
{
    m_advanced->setVisible(shown);
    if (m_advancedToggle->isChecked() != shown) {
        const QSignalBlocker block(m_advancedToggle);
        m_advancedToggle->setChecked(shown);
    }
    m_advancedToggle->setArrowType(shown ? Qt::DownArrow : Qt::RightArrow);
}

bool TrainPanel::isAdvancedShown() const { return m_advancedToggle->isChecked(); }

void TrainPanel::setRowShown(QWidget *field, bool shown)
{
    for (auto *form : {m_form, m_advancedForm}) {
        int row = -1;
        QFormLayout::ItemRole role;
        form->getWidgetPosition(field, &row, &role);
        if (row >= 0)
            form->setRowVisible(row, shown);
    }
}

void TrainPanel::createNetworkRows()
{
    m_size = spin(this, 16, 1024, 4,
                  tr("The size of the pictures the model learns from, in pixels. Larger shows finer detail; twice the "
                     "size takes about four times as long per step."));
    m_ngf = spin(this, 1, 256, 8, tr("Generator width (filters in the first layer): wider learns richer styles, slower"));
    m_blocks = spin(this, 0, 32, 1, tr("Residual blocks in each generator: more allow bigger changes of shape, slower"));
    m_batch = spin(this, 1, 64, 1, tr("Pictures per step"));
    m_epochs = spin(this, 0, 10000, 10, tr("Passes over your pictures at full learning speed"));
    m_epochsDecay = spin(this, 0, 10000, 10, tr("Passes over your pictures while learning slows down to a stop"));
    auto *length = new QHBoxLayout;
    length->addWidget(m_epochs);
    length->addWidget(new QLabel(tr("then"), this));
    length->addWidget(m_epochsDecay);
    length->addWidget(new QLabel(tr("slowing down"), this), 1);
    m_form->addRow(tr("Picture size:"), m_size);
    m_form->addRow(tr("Passes over your pictures:"), length);
    m_advancedForm->addRow(tr("Generator width:"), m_ngf);
    m_advancedForm->addRow(tr("Residual blocks:"), m_blocks);
    m_advancedForm->addRow(tr("Batch size:"), m_batch);
}

void TrainPanel::createLossRows()
{
    m_lambdaCycle = new QDoubleSpinBox(this);
    m_lambdaCycle->setRange(0, 100);
    m_lambdaCycle->setToolTip(tr("Weight of the cycle-consistency loss (λ; the paper uses 10)"));
    // The same weight in words: how much of a picture must survive the round trip.
    m_structure = new QSlider(Qt::Horizontal, this);
    m_structure->setObjectName(QStringLiteral("structureSlider"));
    m_structure->setRange(1, 30);
    m_structure->setToolTip(tr("How strongly a picture must survive the round trip into the other style and back. Towards "
                               "“keep structure” outlines stay in place; towards “bigger changes” shapes may change more."));
    auto *structure = new QHBoxLayout;
    structure->addWidget(new QLabel(tr("bigger changes"), this));
    structure->addWidget(m_structure, 1);
    structure->addWidget(new QLabel(tr("keep structure"), this));
    connect(m_structure, &QSlider::valueChanged, this, [this](int v) {
        if (std::lround(m_lambdaCycle->value()) != v)
            m_lambdaCycle->setValue(v);
    });
    connect(m_lambdaCycle, &QDoubleSpinBox::valueChanged, this, [this](double v) {
        const QSignalBlocker block(m_structure);
        m_structure->setValue(int(std::lround(v)));
    });
    m_lambdaIdentity = new QDoubleSpinBox(this);
    m_lambdaIdentity->setRange(0, 10);
    m_lambdaIdentity->setSingleStep(0.1);
    m_lambdaIdentity->setToolTip(tr("Asks the model to leave a picture alone when it is already in the target style, which "
                                    "keeps colours close to the original. 0 turns it off; the paper uses 0.5."));
    m_ganMode = new QComboBox(this);
    m_ganMode->addItem(tr("LSGAN (least squares)"), int(GanLoss::Lsgan));
    m_ganMode->addItem(tr("Vanilla (cross-entropy)"), int(GanLoss::Vanilla));
    m_ganMode->setToolTip(tr("Adversarial loss"));
    m_form->addRow(tr("Keep structure:"), structure);
    m_form->addRow(tr("Keep colours:"), m_lambdaIdentity);
    m_advancedForm->addRow(tr("λ cycle:"), m_lambdaCycle);
    m_advancedForm->addRow(tr("GAN loss:"), m_ganMode);

    m_cycleLevels = spin(this, 1, 6, 1,
                         tr("Multi-scale cycle loss: the cycle L1 summed over the levels of a Laplacian pyramid. "
                            "1 level is the paper's plain cycle loss."));
    m_cycleLevels->setSpecialValueText(tr("1 (off)"));
    m_cycleWeights = new QLineEdit(this);
    m_cycleWeights->setToolTip(tr("One weight per pyramid level, finest first, separated by commas"));
    auto *cycleRow = new QHBoxLayout;
    cycleRow->addWidget(m_cycleLevels);
    cycleRow->addWidget(new QLabel(tr("weights:"), this));
    cycleRow->addWidget(m_cycleWeights, 1);
    m_lambdaFeature = new QDoubleSpinBox(this);
    m_lambdaFeature->setRange(0, 100);
    m_lambdaFeature->setSingleStep(0.5);
    m_lambdaFeature->setSpecialValueText(tr("off"));
    m_lambdaFeature->setToolTip(tr("Weight of the feature-space cycle loss: the distance between features of each image and "
                                   "of its reconstruction"));
    m_featureNetwork = new QLineEdit(this);
    m_featureNetwork->setPlaceholderText(tr("the discriminators' features"));
    m_featureNetwork->setToolTip(tr("A TorchScript feature network (.pt) taking an image in [-1, 1]; leave empty to use the "
                                    "discriminators' intermediate features"));
    m_featureBrowse = new QPushButton(tr("Browse…"), this);
    m_featureBrowse->setToolTip(tr("Choose a TorchScript feature network file"));
    auto *featureRow = new QHBoxLayout;
    featureRow->addWidget(m_lambdaFeature);
    featureRow->addWidget(m_featureNetwork, 1);
    featureRow->addWidget(m_featureBrowse);
    m_featureInfo = new QLabel(this);
    m_featureInfo->setWordWrap(true);
    m_advancedForm->addRow(tr("Multi-scale cycle:"), cycleRow);
    m_cycleRow = m_advancedForm->rowCount() - 1;
    m_advancedForm->addRow(tr("Feature cycle:"), featureRow);
    m_featureRow = m_advancedForm->rowCount() - 1;
    m_advancedForm->addRow(QString(), m_featureInfo);
}

void TrainPanel::createRunRows()
{
    m_nCritic = spin(this, 1, 100, 1, tr("Discriminator updates per generator update (StarGAN's n_critic; the paper uses 5)"));
    m_seed = new QLineEdit(this);
    m_seed->setObjectName(QStringLiteral("seed"));
    m_seed->setToolTip(tr("Random seed: the same seed and settings train the same model again"));
    // Any 64-bit unsigned seed (up to 18446744073709551615); the range is checked by validationError().
    m_seed->setValidator(new QRegularExpressionValidator(QRegularExpression(QStringLiteral("[0-9]{0,20}")), m_seed));
    m_device = new QComboBox(this);
    m_device->setObjectName(QStringLiteral("device"));
    m_device->setToolTip(tr("Where training runs: a graphics card is many times faster than the processor"));
    m_device->addItem(tr("Automatic (GPU if present)"), int(Device::Auto));
    m_device->addItem(tr("CPU"), int(Device::Cpu));
    m_device->addItem(tr("CUDA GPU"), int(Device::Cuda));
    m_stopAfter = spin(this, 0, 7 * 24 * 60, 15, tr("Training stops on its own after this much time (pauses do not count) and "
                                                    "saves its progress; Start continues it"));
    m_stopAfter->setObjectName(QStringLiteral("stopAfter"));
    m_stopAfter->setSuffix(tr(" min"));
    m_stopAfter->setSpecialValueText(tr("at the end of the schedule"));
    m_threads = spin(this, 0, 256, 1, tr("CPU threads; 0 uses all cores"));
    m_threads->setSpecialValueText(tr("all %1 cores").arg(QThread::idealThreadCount()));
    m_previewEvery = spin(this, 1, 100000, 5, tr("Steps between cycle previews"));
    m_checkpointEvery = spin(this, 1, 1000000, 50, tr("Steps between automatic saves of the training's progress"));
    m_form->addRow(tr("Device:"), m_device);
    m_form->addRow(tr("Stop after:"), m_stopAfter);
    m_advancedForm->addRow(tr("Critic updates:"), m_nCritic);
    m_advancedForm->addRow(tr("Seed:"), m_seed);
    m_advancedForm->addRow(tr("Threads:"), m_threads);
    m_advancedForm->addRow(tr("Preview every:"), m_previewEvery);
    m_advancedForm->addRow(tr("Save progress every:"), m_checkpointEvery);
}

QWidget *TrainPanel::createProgressPane()
{
    auto *pane = new QWidget(this);
    pane->setObjectName(QStringLiteral("trainProgressPane"));
    m_previewCaption = new QLabel(pane); // its first text comes from clearPreviews()
    m_previewCaption->setWordWrap(true);
    m_preview = new QLabel(pane);
    m_preview->setObjectName(QStringLiteral("trainPreview"));
    m_preview->setAlignment(Qt::AlignCenter);
    m_preview->setMinimumSize(160, 80);
    m_preview->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Ignored);
    m_strip = new QListWidget(pane);
    m_strip->setObjectName(QStringLiteral("previewStrip"));
    m_strip->setViewMode(QListView::IconMode);
    m_strip->setFlow(QListView::LeftToRight);
    m_strip->setWrapping(false);
    m_strip->setMovement(QListView::Static);
    m_strip->setIconSize(QSize(96, 48));
    m_strip->setFixedHeight(96);
    m_strip->setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    m_strip->setToolTip(tr("Earlier previews; click one to look at it"));
    connect(m_strip, &QListWidget::currentRowChanged, this, &TrainPanel::showStripItem);
    m_timeLapse = new QPushButton(tr("Play Time-Lapse"), pane);
    m_timeLapse->setObjectName(QStringLiteral("timeLapse"));
    m_timeLapse->setCheckable(true);
    m_timeLapse->setEnabled(false);
    m_timeLapse->setToolTip(tr("Play the previews from the first to the newest"));
    m_timeLapseTimer = new QTimer(this);
    m_timeLapseTimer->setInterval(250);
    connect(m_timeLapse, &QPushButton::toggled, this, &TrainPanel::playTimeLapse);
    connect(m_timeLapseTimer, &QTimer::timeout, this, [this] {
        const int next = m_strip->currentRow() + 1;
        if (next >= m_strip->count()) {
            playTimeLapse(false);
            return;
        }
        m_strip->setCurrentRow(next);
    });
    auto *layout = new QVBoxLayout(pane);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_previewCaption);
    layout->addWidget(m_preview, 1);
    layout->addWidget(m_strip);
    layout->addWidget(m_timeLapse, 0, Qt::AlignLeft);
    clearPreviews();
    return pane;
}

void TrainPanel::addPreview(qint64 iteration, const QImage &grid)
{
    const bool atNewest = m_strip->currentRow() < 0 || m_strip->currentRow() == m_strip->count() - 1;
    m_previews.push_back({iteration, grid});
    auto *item = new QListWidgetItem(QIcon(QPixmap::fromImage(grid.scaled(m_strip->iconSize(), Qt::KeepAspectRatio, Qt::SmoothTransformation))),
                                     QString::number(iteration), m_strip);
    item->setToolTip(tr("Step %1").arg(iteration));
    m_timeLapse->setEnabled(m_previews.size() > 1);
    if (atNewest && !isPlayingTimeLapse()) {
        m_strip->setCurrentRow(m_strip->count() - 1);
        m_strip->scrollToItem(item);
    }
}

void TrainPanel::clearPreviews()
{
    playTimeLapse(false);
    m_previews.clear();
    m_strip->clear();
    m_preview->clear();
    m_shownIteration = -1;
    m_timeLapse->setEnabled(false);
    m_previewCaption->setText(tr("The newest preview shows here while training: first noise, then blotches of colour; "
                                 "shapes after a few hundred steps, the new style after a few thousand."));
}

int TrainPanel::previewStripCount() const { return m_strip->count(); }

void TrainPanel::showStripItem(int row)
{
    if (row < 0 || row >= m_previews.size())
        return;
    m_shownIteration = m_previews[row].first;
    m_previewCaption->setText(row == m_previews.size() - 1 ? tr("Step %1, the newest preview").arg(m_shownIteration)
                                                           : tr("Step %1 of the previews").arg(m_shownIteration));
    const qreal ratio = devicePixelRatioF();
    QPixmap pixmap = QPixmap::fromImage(m_previews[row].second.scaled(m_preview->size() * ratio, Qt::KeepAspectRatio, Qt::SmoothTransformation));
    pixmap.setDevicePixelRatio(ratio);
    m_preview->setPixmap(pixmap);
}

void TrainPanel::playTimeLapse(bool play)
{
    if (play && m_previews.size() > 1) {
        m_strip->setCurrentRow(0);
        m_timeLapseTimer->start();
    } else {
        m_timeLapseTimer->stop();
    }
    const QSignalBlocker block(m_timeLapse);
    m_timeLapse->setChecked(m_timeLapseTimer->isActive());
    m_timeLapse->setText(m_timeLapseTimer->isActive() ? tr("Stop Time-Lapse") : tr("Play Time-Lapse"));
}

bool TrainPanel::isPlayingTimeLapse() const { return m_timeLapseTimer->isActive(); }

void TrainPanel::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    showStripItem(m_strip->currentRow());
}

QHBoxLayout *TrainPanel::createButtons()
{
    m_start = new QPushButton(tr("&Start"), this);
    m_start->setToolTip(tr("Start or continue training (Ctrl+Enter)"));
    m_pause = new QPushButton(tr("&Pause"), this);
    m_pause->setToolTip(tr("Pause training; the model stays in memory"));
    m_stop = new QPushButton(tr("S&top"), this);
    m_stop->setToolTip(tr("Stop training and save a checkpoint"));
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_start);
    buttons->addWidget(m_pause);
    buttons->addWidget(m_stop);
    buttons->addStretch();
    connect(m_start, &QPushButton::clicked, this, [this] {
        if (validationError().isEmpty())
            Q_EMIT startRequested(settings());
    });
    connect(m_pause, &QPushButton::clicked, this, [this] { Q_EMIT pauseRequested(!m_paused); });
    connect(m_stop, &QPushButton::clicked, this, &TrainPanel::stopRequested);
    return buttons;
}

void TrainPanel::connectEdits()
{
    connect(m_preset, &QComboBox::currentIndexChanged, this, [this] {
        applyPreset(Preset(m_preset->currentData().toInt()));
        edited();
    });
    for (auto *s : {m_size, m_ngf, m_blocks, m_batch, m_epochs, m_epochsDecay, m_threads, m_previewEvery, m_checkpointEvery, m_nCritic})
        connect(s, &QSpinBox::valueChanged, this, [this] {
            // Editing a network setting makes the preset Custom.
            if (!m_applyingPreset && !m_loading && Preset(m_preset->currentData().toInt()) != Preset::Custom &&
                (sender() == m_size || sender() == m_ngf || sender() == m_blocks)) {
                const QSignalBlocker block(m_preset);
                m_preset->setCurrentIndex(m_preset->findData(int(Preset::Custom)));
            }
            if (!m_applyingPreset)
                edited();
        });
    for (auto *s : {m_lambdaCycle, m_lambdaIdentity, m_lambdaFeature})
        connect(s, &QDoubleSpinBox::valueChanged, this, &TrainPanel::edited);
    connect(m_cycleLevels, &QSpinBox::valueChanged, this, [this](int levels) {
        if (m_loading || m_applyingPreset)
            return;
        auto weights = cycleWeights();
        weights.resize(levels);
        for (auto &w : weights)
            if (w == 0)
                w = 1.0;
        setLossOptions(weights, m_lambdaFeature->value(), m_featureNetwork->text());
        edited();
    });
    for (auto *e : {m_cycleWeights, m_featureNetwork, m_seed})
        connect(e, &QLineEdit::textEdited, this, &TrainPanel::edited);
    connect(m_lambdaFeature, &QDoubleSpinBox::valueChanged, this, &TrainPanel::updateLossControls);
    connect(m_featureNetwork, &QLineEdit::textChanged, this, &TrainPanel::updateLossControls);
    connect(m_featureBrowse, &QPushButton::clicked, this, [this] {
        const QString file = QFileDialog::getOpenFileName(this, tr("Feature network"), m_featureNetwork->text(),
                                                          tr("TorchScript files (*.pt *.pth *.ptl);;All files (*)"));
        if (file.isEmpty())
            return;
        m_featureNetwork->setText(file);
        if (m_lambdaFeature->value() == 0)
            m_lambdaFeature->setValue(1.0);
        edited();
    });
    for (auto *c : {m_ganMode, m_device})
        connect(c, &QComboBox::currentIndexChanged, this, &TrainPanel::edited);
}

void TrainPanel::setPresets(const QVector<PresetValues> &presets)
{
    m_presets = presets;
    const QSignalBlocker block(m_preset);
    const QVariant current = m_preset->currentData();
    m_preset->clear();
    for (const auto &p : presets)
        m_preset->addItem(presetLabel(p), int(p.preset));
    m_preset->setCurrentIndex(std::max(0, m_preset->findData(current)));
}

void TrainPanel::applyPreset(Preset preset)
{
    const auto it = std::find_if(m_presets.begin(), m_presets.end(), [&](const PresetValues &p) { return p.preset == preset; });
    if (it == m_presets.end())
        return;
    m_applyingPreset = true;
    const int index = m_preset->findData(int(preset));
    if (index >= 0 && m_preset->currentIndex() != index) {
        const QSignalBlocker block(m_preset);
        m_preset->setCurrentIndex(index);
    }
    // Custom keeps the network and size; the others set theirs.
    if (preset != Preset::Custom) {
        m_size->setValue(it->size);
        m_ngf->setValue(it->ngf);
        m_blocks->setValue(it->blocks);
    }
    setLossOptions(it->cyclePyramidWeights, it->lambdaFeature, preset == Preset::Custom ? m_featureNetwork->text() : QString());
    m_applyingPreset = false;
    updateValidation();
}

void TrainPanel::setMultiDomain(bool multiDomain)
{
    m_multiDomain = multiDomain;
    // CycleGAN-only rows hide; the multi-domain critic schedule shows.
    for (QWidget *w : std::initializer_list<QWidget *>{m_preset, m_lambdaCycle, m_lambdaIdentity, m_ganMode, m_featureInfo})
        setRowShown(w, !multiDomain);
    for (int row : {m_cycleRow, m_featureRow})
        m_advancedForm->setRowVisible(row, !multiDomain);
    for (int row = 0; row < m_form->rowCount(); ++row) { // the slider's row, found through its layout
        auto *item = m_form->itemAt(row, QFormLayout::FieldRole);
        if (item && item->layout() && item->layout()->indexOf(m_structure) >= 0)
            m_form->setRowVisible(row, !multiDomain);
    }
    setRowShown(m_nCritic, multiDomain);
    m_blocks->setToolTip(multiDomain ? tr("Residual blocks in the generator") : tr("Residual blocks in each generator"));
    m_ngf->setToolTip(multiDomain ? tr("Generator and discriminator width (conv_dim; the paper uses 64)")
                                  : tr("Generator width (filters in the first layer)"));
}

void TrainPanel::setLossOptions(const QVector<double> &weights, double lambdaFeature, const QString &featureNetwork)
{
    const bool wasApplying = m_applyingPreset;
    m_applyingPreset = true; // no level-change handler while the form is filled
    m_cycleLevels->setValue(int(weights.size()));
    QStringList texts;
    for (double w : weights)
        texts << QString::number(w);
    m_cycleWeights->setText(texts.join(QStringLiteral(", ")));
    m_lambdaFeature->setValue(lambdaFeature);
    m_featureNetwork->setText(featureNetwork);
    m_applyingPreset = wasApplying;
    updateLossControls();
}

QVector<double> TrainPanel::cycleWeights(bool *ok) const
{
    QVector<double> weights;
    bool valid = true;
    for (const auto &part : m_cycleWeights->text().split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        bool number = false;
        const double w = part.trimmed().toDouble(&number);
        valid = valid && number && w >= 0;
        weights << (number ? w : 0.0);
    }
    if (ok)
        *ok = valid && !weights.isEmpty();
    return weights;
}

void TrainPanel::updateLossControls()
{
    const bool feature = m_lambdaFeature->value() > 0;
    m_cycleWeights->setEnabled(!m_running && m_cycleLevels->value() > 1);
    m_featureNetwork->setEnabled(!m_running && feature);
    m_featureBrowse->setEnabled(!m_running && feature);
    if (!feature)
        m_featureInfo->setText(tr("Feature cycle loss off."));
    else if (m_featureNetwork->text().isEmpty())
        m_featureInfo->setText(tr("Features: the discriminators' intermediate layers (D_B for A images, D_A for B images). "
                                  "Pretrained VGG weights are not used: the app downloads nothing."));
    else
        m_featureInfo->setText(tr("Features: the TorchScript network %1, frozen.").arg(QFileInfo(m_featureNetwork->text()).fileName()));
}

bool TrainPanel::seedValue(quint64 *seed) const
{
    bool ok = false;
    const quint64 value = m_seed->text().toULongLong(&ok);
    if (ok && seed)
        *seed = value;
    return ok;
}

TrainSettings TrainPanel::settings() const
{
    TrainSettings s = m_loaded;
    s.preset = Preset(m_preset->currentData().toInt());
    s.size = m_size->value();
    s.ngf = m_ngf->value();
    s.blocks = m_blocks->value();
    s.batch = m_batch->value();
    s.epochs = m_epochs->value();
    s.epochsDecay = m_epochsDecay->value();
    s.lambdaCycle = m_lambdaCycle->value();
    s.lambdaIdentity = m_lambdaIdentity->value();
    s.ganLoss = GanLoss(m_ganMode->currentData().toInt());
    seedValue(&s.seed);
    s.device = Device(m_device->currentData().toInt());
    s.threads = m_threads->value();
    s.previewEvery = m_previewEvery->value();
    s.checkpointEvery = m_checkpointEvery->value();
    s.cyclePyramidWeights = cycleWeights();
    s.lambdaFeature = m_lambdaFeature->value();
    s.featureNetwork = s.lambdaFeature > 0 ? m_featureNetwork->text().trimmed() : QString();
    s.multiDomain = m_multiDomain;
    s.nCritic = m_nCritic->value();
    s.stopAfterMinutes = m_stopAfter->value();
    return s;
}

void TrainPanel::edited()
{
    updateValidation();
    if (m_loading)
        return;
    m_estimateTimer->start();
    Q_EMIT settingsEdited();
}

void TrainPanel::showFineTuning(const TrainSettings &s)
{
    if (!s.fineTunedFrom.isEmpty()) {
        QStringList frozen;
        if (s.freezeEncoder)
            frozen << tr("the encoder");
        if (s.freezeBlocks > 0)
            frozen << tr("the first %n residual block(s)", nullptr, s.freezeBlocks);
        m_fineTuning->setText(tr("<b>Fine-tuning</b> %1. Frozen in both generators: %2.")
                                  .arg(QFileInfo(s.fineTunedFrom).fileName().toHtmlEscaped(),
                                       frozen.isEmpty() ? tr("nothing") : frozen.join(tr(" and "))));
        m_fineTuning->setToolTip(tr("The weights came from %1; frozen parts keep them while training.").arg(s.fineTunedFrom));
    }
    m_fineTuning->setVisible(!s.fineTunedFrom.isEmpty());
}

void TrainPanel::setSettings(const TrainSettings &s)
{
    m_loaded = s;
    showFineTuning(s);
    m_loading = true;
    m_applyingPreset = true;
    {
        const QSignalBlocker block(m_preset); // the stored values win over the preset's
        m_preset->setCurrentIndex(std::max(0, m_preset->findData(int(s.preset))));
    }
    m_size->setValue(s.size);
    m_ngf->setValue(s.ngf);
    m_blocks->setValue(s.blocks);
    m_batch->setValue(s.batch);
    m_epochs->setValue(s.epochs);
    m_epochsDecay->setValue(s.epochsDecay);
    m_lambdaCycle->setValue(s.lambdaCycle);
    m_lambdaIdentity->setValue(s.lambdaIdentity);
    m_ganMode->setCurrentIndex(std::max(0, m_ganMode->findData(int(s.ganLoss))));
    m_seed->setText(QString::number(s.seed));
    m_device->setCurrentIndex(std::max(0, m_device->findData(int(s.device))));
    m_threads->setValue(s.threads);
    m_previewEvery->setValue(s.previewEvery);
    m_checkpointEvery->setValue(s.checkpointEvery);
    setLossOptions(s.cyclePyramidWeights, s.lambdaFeature, s.featureNetwork);
    m_nCritic->setValue(s.nCritic);
    m_stopAfter->setValue(s.stopAfterMinutes);
    setMultiDomain(s.multiDomain);
    m_applyingPreset = false;
    m_loading = false;
    updateValidation();
    m_estimateTimer->start();
}

QString TrainPanel::validationError() const
{
    if (m_size->value() % 4 != 0)
        return tr("The image size must be a multiple of 4.");
    if (m_epochs->value() + m_epochsDecay->value() < 1)
        return tr("Training needs at least one epoch.");
    if (!seedValue(nullptr))
        return tr("The seed must be a whole number from 0 to 18446744073709551615.");
    if (m_multiDomain)
        return m_size->value() < 16 ? tr("The image size must be at least 16 px.") : QString();
    bool ok = false;
    const auto weights = cycleWeights(&ok);
    if (!ok || weights.size() != m_cycleLevels->value() || *std::max_element(weights.begin(), weights.end()) <= 0)
        return tr("Give %n pyramid weight(s), not negative, at least one above zero, separated by commas.", nullptr,
                  m_cycleLevels->value());
    if ((m_size->value() >> (weights.size() - 1)) < 8)
        return tr("The image size is too small for %n pyramid level(s); the coarsest must be at least 8 px.", nullptr,
                  int(weights.size()));
    if (m_lambdaFeature->value() > 0 && !m_featureNetwork->text().trimmed().isEmpty() &&
        !QFileInfo(m_featureNetwork->text().trimmed()).isFile())
        return tr("The feature network file does not exist.");
    return {};
}

void TrainPanel::updateValidation()
{
    const QString error = validationError();
    m_message->setText(error);
    m_message->setVisible(!error.isEmpty());
    m_start->setEnabled(!m_running && error.isEmpty());
}

void TrainPanel::setRunning(bool running)
{
    m_running = running;
    m_paused = false;
    for (QWidget *w : findChildren<QSpinBox *>())
        w->setEnabled(!running);
    for (QWidget *w : findChildren<QDoubleSpinBox *>())
        w->setEnabled(!running);
    for (QWidget *w : findChildren<QComboBox *>())
        w->setEnabled(!running);
    m_seed->setEnabled(!running);
    updateLossControls();
    // Ranks on several GPUs wait for each other: a paused one would end the run, so only Stop is offered.
    const bool severalProcesses = Device(m_device->currentData().toInt()) == Device::AllGpus;
    m_pause->setEnabled(running && !severalProcesses);
    m_pause->setToolTip(severalProcesses ? tr("Training on several GPUs cannot pause; Stop saves a checkpoint")
                                         : tr("Pause training; the model stays in memory"));
    m_pause->setText(tr("&Pause"));
    m_stop->setEnabled(running);
    updateValidation();
}

void TrainPanel::showEstimate(const TrainEstimate &e) { m_estimate->setText(estimateHtml(e)); }

QString TrainPanel::estimateText() const { return m_estimate->text(); }

void TrainPanel::setGpuCount(int count)
{
    const int index = m_device->findData(int(Device::AllGpus));
    if (count > 1 && index < 0)
        m_device->addItem(tr("All GPUs (%1)").arg(count), int(Device::AllGpus));
    else if (count > 1)
        m_device->setItemText(index, tr("All GPUs (%1)").arg(count));
    else if (index >= 0)
        m_device->removeItem(index);
}

void TrainPanel::setPaused(bool paused)
{
    m_paused = paused;
    m_pause->setText(paused ? tr("&Resume") : tr("&Pause"));
}

} // namespace ui
