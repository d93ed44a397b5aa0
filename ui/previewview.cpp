#include "ui/previewview.h"

#include <QLabel>
#include <QPixmap>
#include <QSlider>
#include <QVBoxLayout>

namespace ui {

PreviewView::PreviewView(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    m_caption = new QLabel(tr("No preview yet: press Start to train."), this);
    m_caption->setToolTip(tr("Columns: real A, A→B, A→B→A, real B, B→A, B→A→B"));
    m_image = new QLabel(this);
    m_image->setAlignment(Qt::AlignCenter);
    m_image->setMinimumSize(200, 100);
    m_image->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Ignored);
    m_slider = new QSlider(Qt::Horizontal, this);
    m_slider->setEnabled(false);
    m_slider->setToolTip(tr("Step back through earlier previews"));
    connect(m_slider, &QSlider::valueChanged, this, &PreviewView::show);
    layout->addWidget(m_caption);
    layout->addWidget(m_image, 1);
    layout->addWidget(m_slider);
}

void PreviewView::addPreview(qint64 iteration, const QImage &grid)
{
    const bool atNewest = m_slider->value() == m_history.size() - 1 || m_history.isEmpty();
    m_history.push_back({iteration, grid});
    m_slider->setEnabled(m_history.size() > 1);
    m_slider->setRange(0, m_history.size() - 1);
    if (atNewest) {
        m_slider->setValue(m_history.size() - 1);
        show(m_history.size() - 1);
    }
}

void PreviewView::clear()
{
    m_history.clear();
    m_shown = -1;
    m_slider->setRange(0, 0);
    m_slider->setEnabled(false);
    m_image->clear();
    m_caption->setText(tr("No preview yet: press Start to train."));
}

qint64 PreviewView::shownIteration() const { return m_shown >= 0 ? m_history[m_shown].first : -1; }

void PreviewView::show(int index)
{
    if (index < 0 || index >= m_history.size())
        return;
    m_shown = index;
    m_caption->setText(m_multiDomain ? tr("Iteration %1 — each sample, then translated into every domain (in tab order); "
                                          "the row under it brings each translation back")
                                           .arg(m_history[index].first)
                                     : tr("Iteration %1 — real A | A→B | A→B→A    real B | B→A | B→A→B").arg(m_history[index].first));
    const QPixmap pixmap = QPixmap::fromImage(m_history[index].second);
    m_image->setPixmap(pixmap.scaled(m_image->size() * devicePixelRatioF(), Qt::KeepAspectRatio, Qt::SmoothTransformation));
}

void PreviewView::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    show(m_shown);
}

QString PreviewView::caption() const { return m_caption->text(); }

void PreviewView::setMultiDomain(bool multiDomain)
{
    m_multiDomain = multiDomain;
    m_caption->setToolTip(multiDomain ? tr("Rows: a sample of each domain, translated into every domain; below it, each translation "
                                           "brought back to the sample's domain")
                                      : tr("Columns: real A, A→B, A→B→A, real B, B→A, B→A→B"));
    if (m_shown >= 0)
        show(m_shown);
}

} // namespace ui
