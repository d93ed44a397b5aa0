#include "ui/translateview.h"

#include "ui/datasetpane.h"

#include <QComboBox>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

namespace ui {

TranslateView::TranslateView(QWidget *parent) : QWidget(parent)
{
    setAcceptDrops(true);
    m_direction = new QComboBox(this);
    m_direction->addItem(tr("A → B"), QStringLiteral("AtoB"));
    m_direction->addItem(tr("B → A"), QStringLiteral("BtoA"));
    m_direction->setToolTip(tr("Translation direction"));
    auto *open = new QPushButton(tr("Open…"), this);
    open->setToolTip(tr("Translate an image file (or drop one here)"));
    auto *model = new QPushButton(tr("Use Model File…"), this);
    model->setToolTip(tr("Translate with a shared .csm model instead of this project's latest checkpoint"));
    m_saveAs = new QPushButton(tr("Save As…"), this);
    m_saveAs->setEnabled(false);
    m_saveAs->setShortcut(QKeySequence::SaveAs);
    m_export = new QPushButton(tr("Export Folder…"), this);
    m_export->setToolTip(tr("Translate every image in a folder into another folder; originals are never touched"));
    m_source = new QLabel(tr("Model: the project's latest checkpoint"), this);
    auto *top = new QHBoxLayout;
    for (QWidget *w : std::initializer_list<QWidget *>{m_direction, open, model, m_saveAs, m_export})
        top->addWidget(w);
    top->addStretch();

    m_original = new QLabel(tr("Drop an image here"), this);
    m_translated = new QLabel(this);
    for (QLabel *l : {m_original, m_translated}) {
        l->setAlignment(Qt::AlignCenter);
        l->setMinimumSize(160, 160);
        l->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Ignored);
        l->setFrameShape(QFrame::StyledPanel);
    }
    auto *images = new QHBoxLayout;
    images->addWidget(m_original, 1);
    images->addWidget(m_translated, 1);

    m_progress = new QProgressBar(this);
    m_progress->setVisible(false);
    m_cancel = new QPushButton(tr("Cancel"), this);
    m_cancel->setVisible(false);
    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    auto *bottom = new QHBoxLayout;
    bottom->addWidget(m_progress, 1);
    bottom->addWidget(m_cancel);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_source);
    layout->addLayout(images, 1);
    layout->addLayout(bottom);
    layout->addWidget(m_status);

    connect(open, &QPushButton::clicked, this, [this] {
        const QString file = QFileDialog::getOpenFileName(this, tr("Translate an image"), {}, tr("Images (*.png *.jpg *.jpeg *.bmp *.webp *.tif *.tiff)"));
        if (!file.isEmpty())
            requestTranslation(file);
    });
    connect(model, &QPushButton::clicked, this, [this] {
        const QString file = QFileDialog::getOpenFileName(this, tr("Use a model file"), {}, tr("CycleStudio models (*.csm)"));
        if (file.isEmpty())
            return;
        m_modelFile = file;
        m_source->setText(tr("Model: %1").arg(QFileInfo(file).fileName()));
    });
    connect(m_direction, &QComboBox::currentIndexChanged, this, [this] {
        if (!m_lastPath.isEmpty())
            requestTranslation(m_lastPath);
    });
    connect(m_saveAs, &QPushButton::clicked, this, [this] {
        const QString file = QFileDialog::getSaveFileName(this, tr("Save the translated image"),
                                                          QFileInfo(m_lastPath).completeBaseName() + QStringLiteral("_translated.png"));
        if (!file.isEmpty() && !m_result.save(file))
            showError(tr("Could not save \"%1\".").arg(file));
    });
    connect(m_export, &QPushButton::clicked, this, [this] {
        const QString in = QFileDialog::getExistingDirectory(this, tr("Folder of images to translate"));
        if (in.isEmpty())
            return;
        const QString out = QFileDialog::getExistingDirectory(this, tr("Folder for the translated images"));
        if (!out.isEmpty())
            Q_EMIT exportRequested(in, out, direction(), m_modelFile);
    });
    connect(m_cancel, &QPushButton::clicked, this, &TranslateView::cancelExportRequested);
}

QString TranslateView::direction() const { return m_direction->currentData().toString(); }

void TranslateView::requestTranslation(const QString &imagePath)
{
    m_lastPath = imagePath;
    m_status->setText(tr("Translating %1…").arg(QFileInfo(imagePath).fileName()));
    Q_EMIT translateRequested(imagePath, direction(), m_modelFile);
}

void TranslateView::showResult(const QString &path, const QImage &original, const QImage &result)
{
    m_lastPath = path;
    m_originalImage = original;
    m_result = result;
    m_saveAs->setEnabled(true);
    m_status->setText(tr("%1 — %2×%3").arg(QFileInfo(path).fileName()).arg(result.width()).arg(result.height()));
    refreshPixmaps();
}

void TranslateView::showExportProgress(int done, int total, double eta)
{
    m_progress->setVisible(true);
    m_cancel->setVisible(true);
    m_export->setEnabled(false);
    m_progress->setRange(0, std::max(1, total));
    m_progress->setValue(done);
    m_status->setText(tr("Exported %1 of %2 · about %3 s left").arg(done).arg(total).arg(qRound(std::max(0.0, eta))));
}

void TranslateView::showExportFinished(int written, const QStringList &skipped, bool cancelled)
{
    m_progress->setVisible(false);
    m_cancel->setVisible(false);
    m_export->setEnabled(true);
    QString text = cancelled ? tr("Export cancelled after %n image(s).", nullptr, written) : tr("Exported %n image(s).", nullptr, written);
    if (!skipped.isEmpty())
        text += QLatin1Char(' ') + tr("%n file(s) skipped:", nullptr, int(skipped.size())) + QStringLiteral("\n") + skipped.join(QLatin1Char('\n'));
    m_status->setText(text);
}

void TranslateView::showError(const QString &message)
{
    m_status->setText(message);
    m_progress->setVisible(false);
    m_cancel->setVisible(false);
    m_export->setEnabled(true);
}

void TranslateView::dragEnterEvent(QDragEnterEvent *event)
{
    if (event->mimeData()->hasUrls())
        event->acceptProposedAction();
}

void TranslateView::dropEvent(QDropEvent *event)
{
    for (const auto &url : event->mimeData()->urls()) {
        if (url.isLocalFile() && DatasetPane::isImageName(url.toLocalFile())) {
            requestTranslation(url.toLocalFile());
            event->acceptProposedAction();
            return;
        }
    }
    showError(tr("Drop an image file (png, jpg, bmp, webp or tif)."));
}

void TranslateView::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    refreshPixmaps();
}

void TranslateView::refreshPixmaps()
{
    const auto show = [this](QLabel *label, const QImage &img) {
        if (!img.isNull())
            label->setPixmap(QPixmap::fromImage(img).scaled(label->size() * devicePixelRatioF(), Qt::KeepAspectRatio, Qt::SmoothTransformation));
    };
    show(m_original, m_originalImage);
    show(m_translated, m_result);
}

} // namespace ui
