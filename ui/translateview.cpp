#include "ui/translateview.h"

#include "ui/compareview.h"
#include "ui/format.h"

#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QFormLayout>
#include <QLineEdit>
#include <QDoubleSpinBox>
#include <QSaveFile>
#include <QScrollArea>
#include <QStandardPaths>
#include <QStackedWidget>
#include <QSlider>
#include <QTimer>
#include <QScrollBar>
#include <QShortcut>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QMimeData>
#include <QDesktopServices>
#include <QUrl>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

#include <functional>

namespace ui {

TranslateView::TranslateView(QWidget *parent) : QWidget(parent)
{
    setAcceptDrops(true);
    m_source = new QLabel(tr("Model: the project's latest checkpoint"), this);
    m_source->setWordWrap(true); // a long model description wraps instead of widening the window
    m_progress = new QProgressBar(this);
    m_progress->setVisible(false);
    m_cancel = new QPushButton(tr("Cancel"), this);
    m_cancel->setVisible(false);
    m_openOutput = new QPushButton(tr("Open Output Folder"), this);
    m_openOutput->setObjectName(QStringLiteral("openOutputFolder"));
    m_openOutput->setVisible(false);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("translateStatus"));
    m_status->setWordWrap(true);
    auto *bottom = new QHBoxLayout;
    bottom->addWidget(m_progress, 1);
    bottom->addWidget(m_cancel);
    bottom->addWidget(m_openOutput);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(createToolbar());
    layout->addLayout(m_viewRow);
    layout->addLayout(createImagePanes(), 1);
    layout->addWidget(createVideoBar());
    layout->addLayout(bottom);
    layout->addWidget(m_status);
    connect(m_cancel, &QPushButton::clicked, this, &TranslateView::cancelExportRequested);
    connect(m_openOutput, &QPushButton::clicked, this, [this] { QDesktopServices::openUrl(QUrl::fromLocalFile(m_outputFolder)); });
    // Where the requested export writes, offered once it has written something.
    connect(this, &TranslateView::exportRequested, this, [this](const ExportRequest &r) { m_outputFolder = r.outputDir; });
    connect(this, &TranslateView::videoExportRequested, this,
            [this](const QString &, const QString &outputFile) { m_outputFolder = QFileInfo(outputFile).absolutePath(); });
}

void TranslateView::offerOutputFolder(const QString &folder)
{
    m_outputFolder = folder;
    m_openOutput->setToolTip(tr("Show %1 in the file manager").arg(QDir::toNativeSeparators(folder)));
    m_openOutput->setVisible(!folder.isEmpty());
}

QHBoxLayout *TranslateView::createToolbar()
{
    m_direction = new QComboBox(this);
    // Long style names are elided rather than widening the window.
    m_direction->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_direction->setMinimumContentsLength(10);
    setTargets({});
    auto *open = new QPushButton(tr("Open…"), this);
    open->setToolTip(tr("Translate an image or a video file (or drop one here)"));
    m_saveAs = new QPushButton(tr("Save As…"), this);
    m_saveAs->setObjectName(QStringLiteral("saveTranslation"));
    m_saveAs->setEnabled(false);
    m_saveAs->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    m_saveAs->setToolTip(tr("Save the translated image (Ctrl+Shift+S)"));
    m_export = new QPushButton(tr("Export Folder…"), this);
    m_export->setToolTip(tr("Translate every image in a folder into another folder; originals are never touched"));
    m_zoomBox = new QComboBox(this);
    m_zoomBox->addItem(tr("Fit"), 0.0);
    for (int percent : {25, 50, 100, 200, 400})
        m_zoomBox->addItem(tr("%1 %").arg(percent), percent / 100.0);
    m_zoomBox->setToolTip(tr("Zoom both images (Ctrl+Plus, Ctrl+Minus; Ctrl+0 fits)"));
    m_compareToggle = new QPushButton(tr("Compare"), this);
    m_compareToggle->setObjectName(QStringLiteral("compareToggle"));
    m_compareToggle->setCheckable(true);
    m_compareToggle->setToolTip(tr("One picture with a line to drag between the translation and the original, instead of two side by side"));
    connect(m_compareToggle, &QPushButton::toggled, this, &TranslateView::setComparing);
    // Two rows, so that the tab fits a small window: what to do, then the model and how to look.
    auto *top = new QHBoxLayout;
    for (QWidget *w : std::initializer_list<QWidget *>{m_direction, open, m_saveAs, m_export})
        top->addWidget(w);
    top->addStretch();
    m_viewRow = new QHBoxLayout;
    m_viewRow->addWidget(m_source, 1);
    m_viewRow->addWidget(m_compareToggle);
    m_viewRow->addWidget(new QLabel(tr("Zoom:"), this));
    m_viewRow->addWidget(m_zoomBox);
    auto zoomStep = [this](int step) {
        m_zoomBox->setCurrentIndex(std::clamp(m_zoomBox->currentIndex() + step, 1, int(m_zoomBox->count()) - 1));
    };
    const std::pair<QKeySequence, std::function<void()>> zoomKeys[] = {
        {QKeySequence(Qt::CTRL | Qt::Key_Plus), [zoomStep] { zoomStep(1); }},
        {QKeySequence(Qt::CTRL | Qt::Key_Equal), [zoomStep] { zoomStep(1); }},
        {QKeySequence(Qt::CTRL | Qt::Key_Minus), [zoomStep] { zoomStep(-1); }},
        {QKeySequence(Qt::CTRL | Qt::Key_0), [this] { m_zoomBox->setCurrentIndex(0); }},
    };
    for (const auto &[key, act] : zoomKeys) {
        auto *shortcut = new QShortcut(key, this, nullptr, nullptr, Qt::WidgetWithChildrenShortcut);
        connect(shortcut, &QShortcut::activated, this, act);
    }
    connect(m_zoomBox, &QComboBox::currentIndexChanged, this, [this] { setZoom(m_zoomBox->currentData().toDouble()); });
    connectToolbar(open);
    return top;
}

void TranslateView::connectToolbar(QPushButton *open)
{
    connect(open, &QPushButton::clicked, this, [this] {
        // Where the last picture came from, else the user's Pictures folder (not the program's working folder).
        const QString start = !m_lastPath.isEmpty() ? QFileInfo(m_lastPath).absolutePath()
                              : !m_videoPath.isEmpty() ? QFileInfo(m_videoPath).absolutePath()
                                                       : QStandardPaths::writableLocation(QStandardPaths::PicturesLocation);
        const QString file = QFileDialog::getOpenFileName(this, tr("Translate an image or a video"), start,
                                                          tr("Images and videos (%1)").arg(m_fileTypes.imagePatterns() + QLatin1Char(' ') +
                                                                                           m_fileTypes.videoPatterns()));
        if (m_fileTypes.isVideo(file))
            openVideo(file);
        else if (!file.isEmpty())
            requestTranslation(file);
    });
    connect(m_direction, &QComboBox::currentIndexChanged, this, [this] {
        if (!m_videoPath.isEmpty())
            m_frameTimer->start();
        else if (!m_lastPath.isEmpty())
            requestTranslation(m_lastPath);
    });
    connect(m_saveAs, &QPushButton::clicked, this, [this] {
        // Beside the original, named after the style it was translated into: "cat_Watercolours.png".
        const QFileInfo original(m_lastPath);
        const QString picture = tr("Pictures (*.png *.jpg *.jpeg *.bmp *.webp *.tif *.tiff)");
        const QString deepPng = tr("PNG, 16 bits per channel, for print (*.png)");
        const QString deepTiff = tr("TIFF, 16 bits per channel, for print (*.tif *.tiff)");
        QString chosen = picture;
        const QString file = QFileDialog::getSaveFileName(
            this, tr("Save the translated image"),
            original.dir().filePath(original.completeBaseName() + QLatin1Char('_') + targetFileTag() + QStringLiteral(".png")),
            QStringList{picture, deepPng, deepTiff}.join(QStringLiteral(";;")), &chosen);
        if (file.isEmpty())
            return;
        const bool deep = chosen == deepPng || chosen == deepTiff;
        QString target = file;
        if (deep && QFileInfo(file).suffix().isEmpty())
            target += chosen == deepPng ? QStringLiteral(".png") : QStringLiteral(".tif");
        saveResultTo(target, deep);
    });
    connect(m_export, &QPushButton::clicked, this, &TranslateView::askExport);
}

void TranslateView::saveResultTo(const QString &file, bool deep)
{
    if (m_result.isNull())
        return;
    const QString suffix = QFileInfo(file).suffix().toLower();
    if (deep && suffix != QStringLiteral("png") && suffix != QStringLiteral("tif") && suffix != QStringLiteral("tiff")) {
        showError(tr("16 bits per channel are saved as PNG or TIFF; \"%1\" is neither.").arg(QDir::toNativeSeparators(file)));
        return;
    }
    if (deep) { // the shown result has 8 bits: the worker translates the original again at full precision
        m_status->setText(tr("Saving %1 with 16 bits per channel…").arg(QDir::toNativeSeparators(file)));
        Q_EMIT deepSaveRequested(m_lastPath, file, request());
        return;
    }
    QSaveFile out(file); // atomic: a failed save leaves an earlier file of that name intact
    if (out.open(QIODevice::WriteOnly) && m_result.save(&out, suffix.isEmpty() ? "PNG" : nullptr) && out.commit())
        showSaved(file);
    else
        showError(tr("Could not save \"%1\".").arg(file));
}

void TranslateView::showSaved(const QString &file)
{
    m_status->setText(tr("Saved %1.").arg(QDir::toNativeSeparators(file)));
}

QHBoxLayout *TranslateView::createImagePanes()
{
    m_original = new QLabel(tr("Drop an image here"), this);
    m_translated = new QLabel(this);
    m_originalScroll = new QScrollArea(this);
    m_translatedScroll = new QScrollArea(this);
    for (auto [label, scroll] : {std::pair{m_original, m_originalScroll}, std::pair{m_translated, m_translatedScroll}}) {
        label->setAlignment(Qt::AlignCenter);
        label->setMinimumSize(160, 160);
        scroll->setWidget(label);
        scroll->setWidgetResizable(true);
        scroll->setAlignment(Qt::AlignCenter);
    }
    // Scrolling one side scrolls the other, so the same detail stays side by side.
    for (auto [from, to] : {std::pair{m_originalScroll, m_translatedScroll}, std::pair{m_translatedScroll, m_originalScroll}}) {
        connect(from->horizontalScrollBar(), &QScrollBar::valueChanged, to->horizontalScrollBar(), &QScrollBar::setValue);
        connect(from->verticalScrollBar(), &QScrollBar::valueChanged, to->verticalScrollBar(), &QScrollBar::setValue);
    }
    auto *sideBySide = new QWidget(this);
    auto *panes = new QHBoxLayout(sideBySide);
    panes->setContentsMargins(0, 0, 0, 0);
    panes->addWidget(m_originalScroll, 1);
    panes->addWidget(m_translatedScroll, 1);
    m_compare = new CompareView(this);
    m_imageStack = new QStackedWidget(this);
    m_imageStack->addWidget(sideBySide);
    m_imageStack->addWidget(m_compare);
    auto *images = new QHBoxLayout;
    images->addWidget(m_imageStack, 1);
    return images;
}

// Video: frame slider, information, smoothing and export; shown when a video is open.
QWidget *TranslateView::createVideoBar()
{
    m_videoBar = new QWidget(this);
    auto *videoLayout = new QHBoxLayout(m_videoBar);
    videoLayout->setContentsMargins(0, 0, 0, 0);
    m_frame = new QSlider(Qt::Horizontal, m_videoBar);
    m_frame->setToolTip(tr("The frame to preview"));
    m_videoInfo = new QLabel(m_videoBar);
    m_smoothing = new QDoubleSpinBox(m_videoBar);
    m_smoothing->setRange(0, 0.95);
    m_smoothing->setSingleStep(0.05);
    m_smoothing->setValue(0.5);
    m_smoothing->setToolTip(tr("Temporal smoothing: how much of the previous frame still parts of the picture keep (0 = off). "
                               "Reduces flicker; moving parts are not smeared."));
    m_exportVideo = new QPushButton(tr("Export Video…"), m_videoBar);
    m_exportVideo->setToolTip(tr("Translate every frame into a new video file at the same size and frame rate (audio is not carried over)"));
    videoLayout->addWidget(new QLabel(tr("Frame:"), m_videoBar));
    videoLayout->addWidget(m_frame, 1);
    videoLayout->addWidget(m_videoInfo);
    videoLayout->addWidget(new QLabel(tr("Smoothing:"), m_videoBar));
    videoLayout->addWidget(m_smoothing);
    videoLayout->addWidget(m_exportVideo);
    m_videoBar->setVisible(false);
    m_frameTimer = new QTimer(this);
    m_frameTimer->setSingleShot(true);
    m_frameTimer->setInterval(200); // while dragging, translate only where the slider rests
    connect(m_frame, &QSlider::valueChanged, m_frameTimer, qOverload<>(&QTimer::start));
    connect(m_frameTimer, &QTimer::timeout, this, [this] {
        if (!m_videoPath.isEmpty())
            Q_EMIT videoFrameRequested(m_videoPath, m_frame->value(), request());
    });
    connect(m_exportVideo, &QPushButton::clicked, this, &TranslateView::askVideoExport);
    return m_videoBar;
}

void TranslateView::askExport()
{
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Export a translated folder"));
    auto *form = new QFormLayout(&dialog);
    auto *input = new QLineEdit(&dialog);
    auto *output = new QLineEdit(&dialog);
    auto folderRow = [&](QLineEdit *edit, const QString &title) {
        auto *row = new QHBoxLayout;
        auto *browse = new QPushButton(tr("Browse…"), &dialog);
        browse->setToolTip(title);
        connect(browse, &QPushButton::clicked, &dialog, [&dialog, edit, title] {
            const QString dir = QFileDialog::getExistingDirectory(&dialog, title, edit->text());
            if (!dir.isEmpty())
                edit->setText(QDir::toNativeSeparators(dir));
        });
        row->addWidget(edit, 1);
        row->addWidget(browse);
        return row;
    };
    form->addRow(tr("Images to translate:"), folderRow(input, tr("Folder of images to translate (subfolders included)")));
    form->addRow(tr("Save translations in:"), folderRow(output, tr("Folder for the translated images")));
    auto *direction = new QComboBox(&dialog);
    fillTargets(direction);
    direction->setCurrentIndex(m_direction->currentIndex());
    form->addRow(tr("Direction:"), direction);
    auto *format = new QComboBox(&dialog);
    format->addItem(tr("Same as each input"), QString());
    format->addItem(tr("PNG (lossless)"), QStringLiteral("png"));
    format->addItem(tr("JPEG (quality 95)"), QStringLiteral("jpg"));
    format->addItem(tr("WebP (quality 95)"), QStringLiteral("webp"));
    format->addItem(tr("TIFF"), QStringLiteral("tif"));
    format->addItem(tr("PNG, 16 bits per channel (for print)"), QStringLiteral("png16"));
    format->addItem(tr("TIFF, 16 bits per channel (for print)"), QStringLiteral("tif16"));
    format->setToolTip(tr("16 bits per channel keep the model's full precision: smooth gradients without banding when "
                          "the picture is printed or edited further. The files are about twice as large."));
    form->addRow(tr("Format:"), format);
    auto *note = new QLabel(tr("Subfolders and file names are kept. The originals are never changed."), &dialog);
    note->setWordWrap(true);
    form->addRow(note);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Export"));
    buttons->button(QDialogButtonBox::Ok)->setEnabled(false);
    auto validate = [=] { buttons->button(QDialogButtonBox::Ok)->setEnabled(!input->text().isEmpty() && !output->text().isEmpty()); };
    connect(input, &QLineEdit::textChanged, &dialog, validate);
    connect(output, &QLineEdit::textChanged, &dialog, validate);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    form->addRow(buttons);
    dialog.resize(560, dialog.sizeHint().height());
    if (dialog.exec() != QDialog::Accepted)
        return;
    m_status->setText(tr("Preparing the export…"));
    ExportRequest r;
    r.translation = request();
    r.translation.target = targetAt(direction->currentIndex());
    r.inputDir = QDir::fromNativeSeparators(input->text());
    r.outputDir = QDir::fromNativeSeparators(output->text());
    r.format = format->currentData().toString();
    Q_EMIT exportRequested(r);
}

void TranslateView::setProjectDir(const QString &dir)
{
    if (dir != m_projectDir)
        clear();
    m_projectDir = dir;
}

void TranslateView::clear()
{
    m_lastPath.clear();
    m_videoPath.clear();
    m_originalImage = QImage();
    m_result = QImage();
    m_saveAs->setEnabled(false);
    m_videoBar->setVisible(false);
    offerOutputFolder(QString());
    m_status->clear();
    m_original->clear();
    m_original->setText(tr("Drop an image here"));
    m_translated->clear();
    m_compare->setImages(QImage(), QImage());
}

void TranslateView::openVideo(const QString &videoPath)
{
    m_videoPath = videoPath;
    m_lastPath.clear();
    m_videoInfo->setText(tr("Opening…"));
    m_videoBar->setVisible(true);
    m_status->setText(tr("Translating a frame of %1…").arg(QFileInfo(videoPath).fileName()));
    Q_EMIT videoFrameRequested(videoPath, m_frame->value() > 0 ? m_frame->value() : 0, request());
}

void TranslateView::showVideoInfo(const QString &path, qint64 frames, double fps, const QSize &size, int soundTracks)
{
    if (path != m_videoPath)
        return;
    const QSignalBlocker block(m_frame);
    m_frame->setRange(0, int(std::max<qint64>(0, frames - 1)));
    const QString picture = tr("%1 × %2, %3 fps, %n frame(s)", nullptr, int(frames)).arg(size.width()).arg(size.height()).arg(fps, 0, 'f', 2);
    QString sound;
    if (soundTracks < 0)
        sound = tr("This version cannot carry the sound over.");
    else if (soundTracks == 0)
        sound = tr("No sound.");
    else
        sound = tr("The sound is kept in the translated video.");
    //: A video's size and length, then what happens to its sound.
    m_videoInfo->setText(tr("%1. %2").arg(picture, sound));
}

void TranslateView::askVideoExport()
{
    const QFileInfo in(m_videoPath);
    const QString suggested = in.dir().filePath(tr("%1 translated.mp4").arg(in.completeBaseName()));
    const QString out = QFileDialog::getSaveFileName(this, tr("Export the translated video"), suggested,
                                                     tr("Videos (%1)").arg(m_fileTypes.videoPatterns()));
    if (out.isEmpty())
        return;
    setExporting(true);
    m_status->setText(tr("Preparing the export…"));
    Q_EMIT videoExportRequested(m_videoPath, out, request(), m_smoothing->value());
}

void TranslateView::setExporting(bool exporting)
{
    m_progress->setVisible(exporting);
    m_cancel->setVisible(exporting);
    if (exporting)
        m_openOutput->setVisible(false);
    m_export->setEnabled(!exporting);
    m_exportVideo->setEnabled(!exporting);
}

void TranslateView::showVideoFinished(const QString &outputFile, qint64 frames, bool cancelled)
{
    setExporting(false);
    if (!cancelled)
        offerOutputFolder(QFileInfo(outputFile).absolutePath());
    else
        offerOutputFolder(QString());
    m_status->setText(cancelled ? tr("Export cancelled; no video was written.")
                                : tr("Wrote %1 (%n frame(s)).", nullptr, int(frames)).arg(QDir::toNativeSeparators(outputFile)));
}

void TranslateView::setZoom(double zoom)
{
    m_zoom = std::max(0.0, zoom);
    const int index = m_zoomBox->findData(m_zoom);
    if (index >= 0 && index != m_zoomBox->currentIndex()) {
        const QSignalBlocker block(m_zoomBox);
        m_zoomBox->setCurrentIndex(index);
    }
    for (auto *scroll : {m_originalScroll, m_translatedScroll})
        scroll->setWidgetResizable(m_zoom <= 0);
    refreshPixmaps();
}

void TranslateView::setModelFile(const QString &file)
{
    m_modelFile = file;
    m_source->setText(file.isEmpty() ? tr("Model: the project's latest checkpoint") : tr("Model: %1").arg(QFileInfo(file).fileName()));
    if (!file.isEmpty())
        Q_EMIT modelFileChosen(file);
}

void TranslateView::showModelInfo(const QString &file, const QString &description)
{
    if (file == m_modelFile)
        m_source->setText(tr("Model: %1 (%2)").arg(QFileInfo(file).fileName(), description));
}

void TranslateView::showModelProblem(const QString &file, const QString &message)
{
    if (file != m_modelFile)
        return;
    setModelFile(QString());
    showError(message);
}

void TranslateView::fillTargets(QComboBox *box) const
{
    if (m_domains.isEmpty()) {
        box->addItem(m_styles.aToB(), int(Direction::AtoB));
        box->addItem(m_styles.bToA(), int(Direction::BtoA));
    } else {
        for (const auto &d : m_domains)
            box->addItem(tr("to %1").arg(d.name), d.index);
    }
}

TranslateTarget TranslateView::targetAt(int index) const
{
    if (!m_domains.isEmpty())
        return m_domains.value(std::max(0, index));
    return index == 1 ? Direction::BtoA : Direction::AtoB;
}

TranslateTarget TranslateView::target() const { return targetAt(m_direction->currentIndex()); }

TranslateRequest TranslateView::request() const
{
    TranslateRequest r;
    if (m_modelFile.isEmpty())
        r.model = ProjectModel{m_projectDir};
    else
        r.model = ModelFile{m_modelFile};
    r.target = target();
    return r;
}

void TranslateView::setTargets(const QVector<DomainTarget> &domains)
{
    const int current = m_direction->currentIndex();
    const QSignalBlocker block(m_direction);
    m_domains = domains;
    m_direction->clear();
    fillTargets(m_direction);
    m_direction->setToolTip(domains.isEmpty() ? tr("Translation direction") : tr("The domain to translate into"));
    m_direction->setCurrentIndex(std::clamp(current, 0, std::max(0, int(m_direction->count()) - 1)));
}

QString TranslateView::targetFileTag() const
{
    const auto target = this->target();
    QString name;
    if (const auto *domain = std::get_if<DomainTarget>(&target))
        name = domain->name;
    else
        name = std::get<Direction>(target) == Direction::AtoB ? m_styles.shownB() : m_styles.shownA();
    if (!m_styles.isNamed() && std::holds_alternative<Direction>(target))
        name = QStringLiteral("translated");
    // Characters that file systems refuse become underscores.
    static const QString refused = QStringLiteral("/\\:*?\"<>|");
    for (auto &c : name)
        if (refused.contains(c) || c.unicode() < 32)
            c = QLatin1Char('_');
    return name;
}

void TranslateView::setTargetIndex(int index)
{
    const QSignalBlocker block(m_direction); // the caller translates next; the last picture need not be redone
    if (index >= 0 && index < m_direction->count())
        m_direction->setCurrentIndex(index);
}

void TranslateView::setStyleNames(const StyleNames &names)
{
    m_styles = names;
    setTargets(m_domains);
}

void TranslateView::requestTranslation(const QString &imagePath)
{
    m_videoPath.clear();
    m_videoBar->setVisible(false);
    m_lastPath = imagePath;
    m_status->setText(tr("Translating %1…").arg(QFileInfo(imagePath).fileName()));
    Q_EMIT translateRequested(imagePath, request());
}

void TranslateView::showResult(const QString &path, const QImage &original, const QImage &result, const QString &madeBy)
{
    m_lastPath = path;
    m_originalImage = original;
    m_result = result;
    m_saveAs->setEnabled(!result.isNull());
    const QString size = tr("%1 — %2×%3").arg(QFileInfo(path).fileName()).arg(result.width()).arg(result.height());
    m_status->setText(madeBy.isEmpty() ? size : tr("%1 · made by %2").arg(size, madeBy));
    m_compare->setImages(original, result);
    m_compare->setLabels(tr("Original"), m_direction->currentText());
    refreshPixmaps();
}

void TranslateView::setComparing(bool comparing)
{
    m_imageStack->setCurrentWidget(comparing ? static_cast<QWidget *>(m_compare) : m_imageStack->widget(0));
    if (m_compareToggle->isChecked() != comparing) {
        const QSignalBlocker block(m_compareToggle);
        m_compareToggle->setChecked(comparing);
    }
}

bool TranslateView::isComparing() const { return m_imageStack->currentWidget() == m_compare; }

QString TranslateView::statusText() const { return m_status->text(); }

void TranslateView::showExportProgress(int done, int total, double eta)
{
    setExporting(true);
    m_progress->setRange(0, std::max(1, total));
    m_progress->setValue(done);
    // No rate before the first image is done (a large one can take many seconds): no "0 s left".
    if (done == 0 || eta <= 0)
        m_status->setText(tr("Exported %1 of %2 · estimating the time left…").arg(done).arg(total));
    else
        m_status->setText(tr("Exported %1 of %2 · %3 left").arg(done).arg(total).arg(formatDuration(eta)));
}

void TranslateView::showExportFinished(int written, const QStringList &skipped, bool cancelled)
{
    setExporting(false);
    offerOutputFolder(written > 0 ? m_outputFolder : QString());
    QString text = cancelled ? tr("Export cancelled after %n image(s).", nullptr, written) : tr("Exported %n image(s).", nullptr, written);
    if (!skipped.isEmpty())
        text += QLatin1Char(' ') + tr("%n file(s) skipped:", nullptr, int(skipped.size())) + QStringLiteral("\n") + skipped.join(QLatin1Char('\n'));
    m_status->setText(text);
}

void TranslateView::showError(const QString &message)
{
    m_status->setText(message);
    setExporting(false);
}

void TranslateView::dragEnterEvent(QDragEnterEvent *event)
{
    if (event->mimeData()->hasUrls())
        event->acceptProposedAction();
}

void TranslateView::dropEvent(QDropEvent *event)
{
    for (const auto &url : event->mimeData()->urls()) {
        if (url.isLocalFile() && m_fileTypes.isImage(url.toLocalFile())) {
            requestTranslation(url.toLocalFile());
            event->acceptProposedAction();
            return;
        }
        if (url.isLocalFile() && m_fileTypes.isVideo(url.toLocalFile())) {
            openVideo(url.toLocalFile());
            event->acceptProposedAction();
            return;
        }
    }
    showError(tr("Drop an image (%1) or a video (%2).")
                  .arg(m_fileTypes.imageSuffixes.join(QStringLiteral(", ")), m_fileTypes.videoSuffixes.join(QStringLiteral(", "))));
}

void TranslateView::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    refreshPixmaps();
}

void TranslateView::refreshPixmaps()
{
    const qreal dpr = devicePixelRatioF();
    const auto show = [this, dpr](QLabel *label, QScrollArea *scroll, const QImage &img) {
        if (img.isNull())
            return;
        const QSize target = m_zoom > 0 ? img.size() * m_zoom : scroll->viewport()->size();
        // Enlarged at fixed zoom without smoothing, so single pixels can be inspected.
        const auto mode = (m_zoom >= 1.0) ? Qt::FastTransformation : Qt::SmoothTransformation;
        QPixmap pixmap = QPixmap::fromImage(img).scaled(target * dpr, Qt::KeepAspectRatio, mode);
        pixmap.setDevicePixelRatio(dpr);
        label->setPixmap(pixmap);
        if (m_zoom > 0)
            label->resize(pixmap.deviceIndependentSize().toSize().expandedTo(scroll->viewport()->size()));
    };
    show(m_original, m_originalScroll, m_originalImage);
    show(m_translated, m_translatedScroll, m_result);
}

} // namespace ui
